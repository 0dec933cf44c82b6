/**
 * The feed's common pages (no tag or author filter) as statements built once: each reads the page
 * together with the viewer's role and membership in the community, so a page is one statement
 * (one round trip on PostgreSQL) instead of a viewer query and then a page query. The access
 * decision is still made on those facts before anything of the page is presented.
 */
import { type Kysely, sql } from 'kysely';
import { preparedQuery } from '../../db/prepared.js';
import type { CommunityStaffRole, DB } from '../../db/schema.js';
import type { FeedCursor, FeedRow } from './discussions.queries.js';
import { feedRows } from './discussions.queries.js';
import type { FeedSortValue } from './discussions.schemas.js';

/** A feed row with the viewer's facts, the same on every row of the page. */
export interface FeedRowWithViewer extends FeedRow {
  viewer_role: CommunityStaffRole | null;
  viewer_state: string | null;
  viewer_plan_id: string | null;
  viewer_starts_at: number | null;
  viewer_ends_at: number | null;
}

/**
 * `preparedQuery` types its arguments as the stand-in strings its builder sees, but binds whatever
 * value it is given: numbers (the limit, a hot score) stay numbers, so SQLite compares the stored
 * REAL exactly and PostgreSQL gets the same text `pg` always sends for a number.
 */
const bound = (value: number): string => value as unknown as string;

/**
 * The rows of one order (`feedRows`, as `listFeed` reads them) with the viewer's role and
 * membership, as uncorrelated scalar subqueries: both planners run each once
 * per statement (one unique-index lookup), not once per row. Same facts as `findViewerRow`.
 */
function ofSort(db: Kysely<DB>, sort: FeedSortValue, communityId: string, user: string) {
  const membership = <C extends 'state' | 'plan_id' | 'starts_at' | 'ends_at'>(column: C) =>
    db
      .selectFrom('memberships as vm')
      .select(`vm.${column}` as `vm.${C}`)
      .where('vm.community_id', '=', communityId)
      .where('vm.user_id', '=', user);
  return feedRows(db, communityId, sort).select([
    db
      .selectFrom('community_roles as vr')
      .select('vr.role')
      .where('vr.community_id', '=', communityId)
      .where('vr.user_id', '=', user)
      .as('viewer_role'),
    membership('state').as('viewer_state'),
    membership('plan_id').as('viewer_plan_id'),
    membership('starts_at').as('viewer_starts_at'),
    membership('ends_at').as('viewer_ends_at'),
  ]);
}

type IdOrder = Exclude<FeedSortValue, 'hot'>;

/** Orders by id (latest, featured, unanswered): first page, and the page after a cursor's id. */
function idPages(sort: IdOrder) {
  return {
    first: preparedQuery((db: Kysely<DB>, communityId: string, user: string, limit: string) =>
      ofSort(db, sort, communityId, user).orderBy('p.id', 'desc').limit(sql<number>`${limit}`),
    ),
    after: preparedQuery((db: Kysely<DB>, communityId: string, user: string, limit: string, id: string) =>
      ofSort(db, sort, communityId, user)
        .where('p.id', '<', id)
        .orderBy('p.id', 'desc')
        .limit(sql<number>`${limit}`),
    ),
  };
}

const PAGES = {
  latest: idPages('latest'),
  featured: idPages('featured'),
  unanswered: idPages('unanswered'),
  hot: {
    first: preparedQuery((db: Kysely<DB>, communityId: string, user: string, limit: string) =>
      ofSort(db, 'hot', communityId, user)
        .orderBy('p.hot_score', 'desc')
        .orderBy('p.id', 'desc')
        .limit(sql<number>`${limit}`),
    ),
    // As `listFeed`: the row-value comparison is the range both planners seek to in posts_hot; the
    // plain bound helps older SQLite plans.
    after: preparedQuery(
      (db: Kysely<DB>, communityId: string, user: string, limit: string, score: string, id: string) =>
        ofSort(db, 'hot', communityId, user)
          .where('p.hot_score', '<=', sql<number>`${score}`)
          .where(sql<boolean>`(${sql.ref('p.hot_score')}, ${sql.ref('p.id')}) < (${score}, ${id})`)
          .orderBy('p.hot_score', 'desc')
          .orderBy('p.id', 'desc')
          .limit(sql<number>`${limit}`),
    ),
  },
} as const;

/**
 * One page of a community's published posts in `sort` order (no tag or author filter), each row
 * carrying the viewer's role and membership. Empty when there is no such post (or community).
 */
export async function listFeedPageWithViewer(
  db: Kysely<DB>,
  page: {
    communityId: string;
    userId: string | null;
    sort: FeedSortValue;
    after: FeedCursor | null;
    limit: number;
  },
): Promise<FeedRowWithViewer[]> {
  const user = page.userId ?? '';
  const limit = bound(page.limit);
  const { after } = page;
  const rows =
    page.sort === 'hot'
      ? after
        ? await PAGES.hot.after(db, page.communityId, user, limit, bound(after.score ?? 0), after.id)
        : await PAGES.hot.first(db, page.communityId, user, limit)
      : after
        ? await PAGES[page.sort].after(db, page.communityId, user, limit, after.id)
        : await PAGES[page.sort].first(db, page.communityId, user, limit);
  return rows as FeedRowWithViewer[];
}

const pinnedPosts = preparedQuery((db: Kysely<DB>, communityId: string) =>
  feedRows(db, communityId, 'latest').where('p.pinned', '=', 1).orderBy('p.id', 'desc').limit(10),
);

/** The pinned posts shown above the first page of the plain latest feed, newest first (at most 10). */
export function listPinnedPosts(db: Kysely<DB>, communityId: string): Promise<FeedRow[]> {
  return pinnedPosts(db, communityId);
}
