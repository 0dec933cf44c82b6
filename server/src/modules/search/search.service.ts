import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import { invalidField, notFound } from '../../platform/errors.js';
import { parseQuery } from '../../platform/search/query.js';
import { scoreDocument } from '../../platform/search/rank.js';
import { buildSnippet, highlightText } from '../../platform/search/snippet.js';
import {
  findCommunityId,
  findDocumentsForDisplay,
  findReadableCommunityIds,
  listVisibleCandidates,
  rarestWordDocuments,
} from './search.queries.js';
import { SEARCH_PAGE_SIZE, type SearchPageDto, type SearchQueryInput } from './search.schemas.js';

/**
 * Results are ranked, counted and paged within a window of the newest SEARCH_WINDOW matches the
 * viewer may open (offset paging inside it; the window is re-read per page, so a page is cheap and
 * consistent unless documents were written in between). A word found in most documents would
 * otherwise have every match scored on every request; a keyset would not help, since ranking
 * needs every candidate's score.
 */
export const SEARCH_WINDOW = 200;
/**
 * When every word of a query occurs in at least COMMON_WORD_DOCUMENTS documents, the newest
 * COMMON_WINDOW matches are ranked instead: among thousands of matches either window is a recent
 * slice, and halving it halves the rows read and scored (the common case of a one-word search).
 */
export const COMMON_WINDOW = 100;
export const COMMON_WORD_DOCUMENTS = 10_000;

const encodeOffset = (offset: number) => Buffer.from(`o${offset}`, 'utf8').toString('base64url');

function decodeOffset(cursor: string | undefined): number {
  if (!cursor) return 0;
  const match = /^o(\d{1,4})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const offset = match ? Number(match[1]) : Number.NaN;
  if (!(offset >= 0 && offset < SEARCH_WINDOW)) throw invalidField('cursor', 'cursor', 'cursor is invalid');
  return offset;
}

export class SearchService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
  ) {}

  async search(actor: Actor, input: SearchQueryInput): Promise<SearchPageDto> {
    const parsed = parseQuery(input.q);
    if (parsed.terms.length === 0) throw invalidField('q', 'no_search_terms', 'q has no words to search for');
    const offset = decodeOffset(input.cursor);
    const limit = input.limit ?? SEARCH_PAGE_SIZE;
    let communityId: string | null = null;
    if (input.community) {
      communityId = (await findCommunityId(this.db, input.community)) ?? null;
      if (!communityId) throw notFound('community');
    }
    const userId = actor.kind === 'user' ? actor.user.id : null;
    const isOperator = actor.kind === 'user' && actor.user.role === 'operator';
    const now = this.clock.now();
    const readable = isOperator
      ? null
      : { communityIds: userId ? await findReadableCommunityIds(this.db, userId, now) : [] };
    const rarest = await rarestWordDocuments(this.db, parsed);
    const window = rarest !== null && rarest >= COMMON_WORD_DOCUMENTS ? COMMON_WINDOW : SEARCH_WINDOW;
    const candidates = await listVisibleCandidates(
      this.db,
      parsed,
      { userId, isOperator, now, communityId, kind: input.kind ?? null },
      readable,
      window,
    );
    const total = candidates.length;
    // Best first; ties newer first (candidates come newest first and the sort is stable).
    const ranked = candidates
      .map((c) => ({ c, score: scoreDocument(parsed, c.title, c.head) }))
      .sort((a, b) => b.score - a.score);
    const pageHits = ranked.slice(offset, offset + limit).map((r) => r.c);
    const docs = await findDocumentsForDisplay(this.db, pageHits);
    const byKey = new Map(docs.map((d) => [`${d.kind}:${d.id}`, d]));
    const items = pageHits.flatMap((hit) => {
      const d = byKey.get(`${hit.kind}:${hit.id}`);
      if (!d) return [];
      return [
        {
          kind: d.kind,
          id: d.id,
          communityId: d.community_id,
          communityName: d.community_name,
          communitySlug: d.community_slug,
          parentId: d.kind === 'comment' ? (d.comment_post_id ?? d.parent_id) : d.parent_id,
          titleHtml: highlightText(d.title, parsed.highlight),
          snippetHtml: buildSnippet(d.body, parsed.highlight),
          createdAt: d.created_at,
        },
      ];
    });
    const next = offset + limit;
    return {
      items,
      total,
      totalCapped: total >= window,
      nextCursor: next < total ? encodeOffset(next) : null,
    };
  }
}
