/**
 * The search's one read: documents matching the query that the viewer may open, ranked. Access is
 * a scope in SQL (the rules of modules/access/access.rules.ts, `decideLesson` and `decidePost`,
 * written as conditions on the live rows), applied before anything is counted or paged, so an
 * item the viewer may not open is never among the results nor in their number.
 */
import { type CompiledQuery, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import { preparedQuery } from '../../db/prepared.js';
import type { DB, SearchDocumentsTable } from '../../db/schema.js';
import {
  documentCounts,
  documentNumber,
  type MatchQuery,
  type MatchScope,
  matchDocuments,
  matchParameter,
  newestFirst,
  runSearchRead,
  runSearchReadArrays,
  scopeForMatch,
  textHead,
} from '../../db/search-index.js';
import type { SearchKind } from '../../platform/search/search-document.js';

const DAY_MS = 86_400_000;

export interface SearchScope {
  /** null for a visitor. */
  userId: string | null;
  isOperator: boolean;
  now: number;
  communityId: string | null;
  kind: SearchKind | null;
}

export interface Candidate {
  kind: SearchKind;
  id: string;
  /** The document's number on SQLite (to read the shown page by), null on PostgreSQL. */
  doc_no: number | null;
  created_at: number;
  title: string;
  /** The first SCORED_CHARS characters of the text, for ranking. */
  head: string;
}

/** The candidate query's columns, in the order it selects them. */
const CANDIDATE_COLUMNS = ['kind', 'id', 'doc_no', 'created_at', 'title', 'head'] as const;

/** Ranking reads this much of each candidate's text (a long lesson's tail does not change much). */
export const SCORED_CHARS = 1000;

type Tables = DB & {
  d: SearchDocumentsTable;
  r: DB['community_roles'];
  m: DB['memberships'];
  l: DB['lessons'];
  c: DB['courses'];
};
type Eb = ExpressionBuilder<Tables, 'd' | 'r' | 'm' | 'l' | 'c'>;

interface CandidateArgs {
  operator: boolean;
  user: string;
  now: number;
  match: string;
  community: string | null;
  kind: SearchKind | null;
  readable: readonly string[] | null;
}

function buildCandidates(db: Kysely<DB>, a: CandidateArgs, window: number) {
  const scope: SearchScope = {
    userId: a.user,
    isOperator: a.operator,
    now: a.now,
    communityId: a.community,
    kind: a.kind,
  };
  let candidates = matchDocuments(db, a.match, a.readable ? { communityIds: a.readable } : null)
    .select([
      'd.kind',
      'd.id',
      documentNumber(db).as('doc_no'),
      'd.created_at',
      'd.title',
      textHead(db, SCORED_CHARS).as('head'),
    ])
    .where((eb) => visible(eb as unknown as Eb, scope, a.user, a.readable));
  if (a.community !== null) candidates = candidates.where('d.community_id', '=', a.community);
  if (a.kind !== null) candidates = candidates.where('d.kind', '=', a.kind);
  return newestFirst(db, candidates).limit(window);
}

/**
 * Building and compiling the candidate query costs about a third of running it, so it is compiled
 * once per shape (with sentinel values where the arguments go) and then run with new values. The
 * sentinels never reach SQL text: a template whose text contains one is refused.
 */
const SENTINEL = '\u0000search-arg-';
const NOW_SENTINEL = -9_007_199_254_740_000;
type Slot =
  | { arg: 'user' | 'now' | 'match' | 'community' | 'kind' }
  | { readable: number }
  | { value: unknown };
interface Template {
  compiled: CompiledQuery<Candidate>;
  slots: Slot[];
}
const templates = new WeakMap<Kysely<DB>, Map<string, Template>>();

function candidateTemplate(db: Kysely<DB>, a: CandidateArgs, window: number): Template {
  const key = `${a.operator}|${a.readable === null ? '*' : a.readable.length}|${a.community !== null}|${a.kind !== null}|${window}`;
  let byShape = templates.get(db);
  if (!byShape) {
    byShape = new Map();
    templates.set(db, byShape);
  }
  let template = byShape.get(key);
  if (template) return template;
  const compiled = buildCandidates(
    db,
    {
      operator: a.operator,
      user: `${SENTINEL}user`,
      now: NOW_SENTINEL,
      match: `${SENTINEL}match`,
      community: a.community === null ? null : `${SENTINEL}community`,
      kind: a.kind === null ? null : (`${SENTINEL}kind` as SearchKind),
      readable: a.readable === null ? null : a.readable.map((_, i) => `${SENTINEL}readable-${i}`),
    },
    window,
  ).compile() as CompiledQuery<Candidate>;
  if (compiled.sql.includes(SENTINEL)) throw new Error('search: an argument was written into the SQL text');
  const slots: Slot[] = compiled.parameters.map((value) => {
    if (value === NOW_SENTINEL) return { arg: 'now' };
    if (typeof value !== 'string' || !value.startsWith(SENTINEL)) return { value };
    const name = value.slice(SENTINEL.length);
    if (name.startsWith('readable-')) return { readable: Number(name.slice('readable-'.length)) };
    return { arg: name as 'user' | 'match' | 'community' | 'kind' };
  });
  template = { compiled, slots };
  byShape.set(key, template);
  return template;
}

/**
 * The candidate window: the newest `window` matches the viewer may open, newest first. Access is
 * checked on each match before it enters the window, so what is ranked, counted and paged never
 * depends on what the viewer may not see; the window bounds the work for a word found in most
 * documents (the index walks its matches newest first and stops).
 */
export async function listVisibleCandidates(
  db: Kysely<DB>,
  match: MatchQuery,
  scope: SearchScope,
  readable: MatchScope | null,
  window: number,
): Promise<Candidate[]> {
  const args: CandidateArgs = {
    operator: scope.isOperator,
    user: scope.userId ?? '',
    now: scope.now,
    // Narrowing the match is an optimisation only: `visible` checks every row's community.
    match: matchParameter(db, match, await scopeForMatch(db, readable)),
    community: scope.communityId,
    kind: scope.kind,
    readable: readable ? readable.communityIds : null,
  };
  const { compiled, slots } = candidateTemplate(db, args, window);
  const parameters = slots.map((slot) =>
    'value' in slot ? slot.value : 'readable' in slot ? args.readable?.[slot.readable] : args[slot.arg],
  );
  const rows = await runSearchReadArrays(db, { ...compiled, parameters }, CANDIDATE_COLUMNS);
  return rows.map(
    ([kind, id, doc_no, created_at, title, head]) =>
      ({ kind, id, doc_no, created_at, title, head }) as Candidate,
  );
}

/**
 * In how many documents the least common of the query's words occurs (phrases are not counted),
 * from the index's vocabulary; null when the database does not say or the query has no words.
 */
export async function rarestWordDocuments(db: Kysely<DB>, match: MatchQuery): Promise<number | null> {
  const words = match.terms.flatMap((t) => (t.kind === 'word' ? [t.word] : []));
  if (words.length === 0) return null;
  const counts = await documentCounts(db, words);
  return counts ? Math.min(...words.map((w) => counts.get(w) ?? 0)) : null;
}

/**
 * Communities where the user may read member content: a staff role or an active membership (as
 * access.rules `hasMemberAccess`). Lessons elsewhere are still searched (free previews).
 */
export async function findReadableCommunityIds(
  db: Kysely<DB>,
  userId: string,
  now: number,
): Promise<string[]> {
  const rows = await runSearchRead<{ community_id: string }>(db, {
    ...readableTemplate(db),
    parameters: [userId, userId, 'active', now],
  });
  return rows.map((r) => r.community_id);
}

const readableTemplates = new WeakMap<Kysely<DB>, CompiledQuery<{ community_id: string }>>();

/** Compiled once per database; its parameters are, in order, user, user, 'active', now. */
function readableTemplate(db: Kysely<DB>): CompiledQuery<{ community_id: string }> {
  let compiled = readableTemplates.get(db);
  if (compiled) return compiled;
  compiled = db
    .selectFrom('community_roles')
    .select('community_id')
    .where('user_id', '=', `${SENTINEL}user`)
    .union(
      db
        .selectFrom('memberships')
        .select('community_id')
        .where('user_id', '=', `${SENTINEL}user`)
        .where('state', '=', 'active')
        .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', NOW_SENTINEL)])),
    )
    .compile();
  const expected = [`${SENTINEL}user`, `${SENTINEL}user`, 'active', NOW_SENTINEL];
  if (JSON.stringify(compiled.parameters) !== JSON.stringify(expected))
    throw new Error('search: the readable-communities query changed shape');
  readableTemplates.set(db, compiled);
  return compiled;
}

/** A constant of the rules, written into the SQL text (the planner sees it; never user input). */
const lit = <V extends string>(value: V) => sql.lit(value);

/**
 * The access rules as one condition per document, evaluated newest match first until the window
 * is full. Posts and comments are decided on the document's own row (their posts' facts are
 * copied onto it; the viewer's role is read only for a post not yet published), lessons read
 * their own rows, instead of joining every table to every candidate.
 */
function visible(eb: Eb, scope: SearchScope, user: string, readable: readonly string[] | null) {
  const now = scope.now;
  // access.rules seesEverything for the document's community; read only where it decides.
  const seesEverythingHere = scope.isOperator
    ? sql<SqlBool>`1 = 1`
    : eb.exists(
        eb
          .selectFrom('community_roles as r')
          .select('r.role')
          .whereRef('r.community_id', '=', 'd.community_id')
          .where('r.user_id', '=', user)
          .where('r.role', 'in', ['owner', 'moderator']),
      );
  // access.rules hasMemberAccess for the document's community: the communities found by
  // findReadableCommunityIds (same rule, same clock), or the rows themselves when not given.
  const memberAccessHere = scope.isOperator
    ? sql<SqlBool>`1 = 1`
    : readable
      ? readable.length > 0
        ? eb('d.community_id', 'in', [...readable])
        : sql<SqlBool>`1 = 0`
      : eb.or([
          eb.exists(
            eb
              .selectFrom('community_roles as r')
              .select('r.role')
              .whereRef('r.community_id', '=', 'd.community_id')
              .where('r.user_id', '=', user),
          ),
          eb.exists(
            eb
              .selectFrom('memberships as m')
              .select('m.id')
              .whereRef('m.community_id', '=', 'd.community_id')
              .where('m.user_id', '=', user)
              .where('m.state', '=', 'active')
              .where((w) => w.or([w('m.ends_at', 'is', null), w('m.ends_at', '>', now)])),
          ),
        ]);

  // decidePost, for search: member content; not yet published or hidden only for its author and
  // moderators; deleted never (search lists no deleted item, even to moderators). The post's state
  // and author are the live row's, copied onto the document by triggers (migration 0015), so a
  // candidate is checked without reading its post; null (no such post) matches nothing.
  const postStateReadable = eb.or([
    eb('d.post_state', '=', lit('published')),
    eb.and([
      eb('d.post_state', 'in', [lit('in_review'), lit('hidden')]),
      eb.or([eb('d.post_author_id', '=', user), seesEverythingHere]),
    ]),
  ]);
  // Posts, and published comments of a post the viewer may read as above (the comment's own state
  // is copied too): one branch for both, so each candidate is tested once.
  const discussionVisible = eb.and([
    eb('d.kind', 'in', [lit('post'), lit('comment')]),
    memberAccessHere,
    eb.or([eb('d.kind', '=', lit('post')), eb('d.comment_state', '=', lit('published'))]),
    postStateReadable,
  ]);
  const lessonVisible = eb.and([
    eb('d.kind', '=', lit('lesson')),
    eb.exists(
      eb
        .selectFrom('lessons as l')
        .leftJoin('courses as c', 'c.id', 'l.course_id')
        .leftJoin('community_roles as r', (j) =>
          j.onRef('r.community_id', '=', 'd.community_id').on('r.user_id', '=', user),
        )
        .leftJoin('memberships as m', (j) =>
          j.onRef('m.community_id', '=', 'd.community_id').on('m.user_id', '=', user),
        )
        .select('l.id')
        .whereRef('l.id', '=', 'd.id')
        .where((sub) => lessonRules(sub as unknown as Eb, scope, user)),
    ),
  ]);
  return eb.or([discussionVisible, lessonVisible]);
}

/** decideLesson over l (lesson), c (course), r (viewer's role), m (viewer's membership). */
function lessonRules(eb: Eb, scope: SearchScope, user: string) {
  const now = scope.now;
  const seesEverything = scope.isOperator ? sql<SqlBool>`1 = 1` : eb('r.role', 'in', ['owner', 'moderator']);
  const team = eb.or([seesEverything, eb('r.role', '=', 'contributor')]);
  const activeMember = eb.and([
    eb('m.state', '=', 'active'),
    eb.or([eb('m.ends_at', 'is', null), eb('m.ends_at', '>', now)]),
  ]);
  const ownAsContributor = (author: 'c.author_id' | 'l.author_id') =>
    eb.and([eb('r.role', '=', 'contributor'), eb(author, '=', user)]);
  const live = (t: 'c' | 'l') =>
    eb.or([
      eb(`${t}.status`, '=', 'published'),
      eb.and([eb(`${t}.status`, '=', 'scheduled'), eb(`${t}.publish_at`, '<=', now)]),
    ]);

  // decideLesson: exists → staff → free preview → membership → plan → drip → prerequisite.
  const planAllows = eb.or([
    eb.not(
      eb.exists(
        eb.selectFrom('course_plans as k').select('k.plan_id').whereRef('k.course_id', '=', 'l.course_id'),
      ),
    ),
    eb.exists(
      eb
        .selectFrom('course_plans as k')
        .select('k.plan_id')
        .whereRef('k.course_id', '=', 'l.course_id')
        .whereRef('k.plan_id', '=', 'm.plan_id'),
    ),
  ]);
  const dripOpen = eb.not(
    eb.or([
      eb.and([eb('l.drip_kind', '=', 'date'), eb('l.drip_at', '>', now)]),
      eb.and([
        eb('l.drip_kind', '=', 'days_after_join'),
        eb(sql<number>`m.starts_at + l.drip_days * cast(${DAY_MS} as bigint)`, '>', now),
      ]),
    ]),
  );
  const prerequisiteMet = eb.or([
    eb('l.prerequisite_lesson_id', 'is', null),
    eb.exists(
      eb
        .selectFrom('lesson_progress as lp')
        .select('lp.lesson_id')
        .where('lp.user_id', '=', user)
        .whereRef('lp.lesson_id', '=', 'l.prerequisite_lesson_id')
        .where('lp.completed_at', 'is not', null),
    ),
  ]);
  return eb.and([
    eb.or([live('c'), seesEverything, ownAsContributor('c.author_id')]),
    eb.or([live('l'), seesEverything, ownAsContributor('l.author_id')]),
    eb.or([
      team,
      eb('l.free_preview', '=', 1),
      eb.and([activeMember, planAllows, dripOpen, prerequisiteMet]),
    ]),
  ]);
}

export interface DisplayDocument {
  kind: SearchKind;
  id: string;
  community_id: string;
  parent_id: string | null;
  title: string;
  body: string;
  created_at: number;
  community_name: string;
  community_slug: string;
  comment_post_id: string | null;
}

/** The shown page's documents (titles and text for highlighting) with their communities. */
export async function findDocumentsForDisplay(
  db: Kysely<DB>,
  hits: readonly { kind: SearchKind; id: string; doc_no?: number | null }[],
): Promise<DisplayDocument[]> {
  if (hits.length === 0) return [];
  // SQLite: by the documents' numbers (one rowid lookup each).
  const numbers = hits.map((h) => h.doc_no);
  if (numbers.every((n) => typeof n === 'number'))
    return runSearchRead(db, { ...displayTemplate(db, numbers.length), parameters: ['comment', ...numbers] });
  const idsByKind = new Map<SearchKind, string[]>();
  for (const h of hits) idsByKind.set(h.kind, [...(idsByKind.get(h.kind) ?? []), h.id]);
  const shape = [...idsByKind].map(([kind, ids]) => [kind, ids.length] as const);
  const compiled = displayTemplate(db, shape);
  // The template's parameters: the comment join's kind, then per kind in order the kind and its ids.
  const parameters = ['comment', ...[...idsByKind].flatMap(([kind, ids]) => [kind, ...ids])];
  return runSearchRead(db, { ...compiled, parameters });
}

const displayTemplates = new WeakMap<Kysely<DB>, Map<string, CompiledQuery<DisplayDocument>>>();

/**
 * Compiled once per shape (kinds and how many ids of each, or how many document numbers):
 * building it cost 3× running it.
 */
function displayTemplate(db: Kysely<DB>, shape: number | readonly (readonly [SearchKind, number])[]) {
  const key = typeof shape === 'number' ? `#${shape}` : shape.map(([kind, n]) => `${kind}${n}`).join(',');
  let byShape = displayTemplates.get(db);
  if (!byShape) {
    byShape = new Map();
    displayTemplates.set(db, byShape);
  }
  let compiled = byShape.get(key);
  if (compiled) return compiled;
  const numbers =
    typeof shape === 'number' ? Array.from({ length: shape }, (_, i) => `${SENTINEL}doc-${i}`) : null;
  const placeholders =
    typeof shape === 'number'
      ? []
      : shape.map(
          ([kind, n]) => [kind, Array.from({ length: n }, (_, i) => `${SENTINEL}${kind}-${i}`)] as const,
        );
  compiled = db
    .selectFrom('search_documents as d')
    .innerJoin('communities as co', 'co.id', 'd.community_id')
    .leftJoin('post_comments as pc', (j) => j.onRef('pc.id', '=', 'd.id').on('d.kind', '=', 'comment'))
    .select([
      'd.kind',
      'd.id',
      'd.community_id',
      'd.parent_id',
      'd.title',
      'd.body',
      'd.created_at',
      'co.name as community_name',
      'co.slug as community_slug',
      'pc.post_id as comment_post_id',
    ])
    // By number, or per kind one list of ids: the (kind, id) key's index answers each.
    .where((eb) =>
      numbers
        ? eb(documentNumber(db), 'in', numbers as unknown as number[])
        : eb.or(placeholders.map(([kind, ids]) => eb.and([eb('d.kind', '=', kind), eb('d.id', 'in', ids)]))),
    )
    .compile() as CompiledQuery<DisplayDocument>;
  const expected = numbers ?? placeholders.flatMap(([kind, ids]) => [kind, ...ids]);
  // The comment join's constant comes first; every other parameter must be where it is expected.
  if (JSON.stringify(compiled.parameters) !== JSON.stringify(['comment', ...expected]))
    throw new Error('search: the display query changed shape');
  compiled = { ...compiled, parameters: [] };
  byShape.set(key, compiled);
  return compiled;
}

const communityByIdOrSlug = preparedQuery((db: Kysely<DB>, key: string) =>
  db
    .selectFrom('communities')
    .select(['id'])
    .where((eb) => eb.or([eb('id', '=', key), eb('slug', '=', key)]))
    .limit(1),
);

export async function findCommunityId(db: Kysely<DB>, idOrSlug: string): Promise<string | undefined> {
  return (await communityByIdOrSlug(db, idOrSlug))[0]?.id;
}
