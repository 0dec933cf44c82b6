import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB, PostCommentsTable, PostState, PostsTable } from '../../db/schema.js';
import type { FeedSortValue } from './discussions.schemas.js';

type Executor = Kysely<DB>;

export type PostRow = Selectable<PostsTable>;
export type CommentRow = Selectable<PostCommentsTable>;

// ---------------------------------------------------------------- posts

export async function insertPost(db: Executor, row: PostRow): Promise<void> {
  await db.insertInto('posts').values(row).execute();
}

export function findPost(db: Executor, id: string): Promise<PostRow | undefined> {
  return db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updatePost(db: Executor, id: string, set: Partial<PostRow>): Promise<void> {
  await db.updateTable('posts').set(set).where('id', '=', id).execute();
}

/** Moves a post from one state to another; 0 rows when another request moved it first. */
export async function changePostState(
  db: Executor,
  id: string,
  from: readonly PostState[],
  set: Partial<PostRow> & { state: PostState },
): Promise<number> {
  const result = await db
    .updateTable('posts')
    .set(set)
    .where('id', '=', id)
    .where('state', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function replacePostTags(
  db: Executor,
  postId: string,
  communityId: string,
  tags: readonly string[],
): Promise<void> {
  await db.deleteFrom('post_tags').where('post_id', '=', postId).execute();
  if (tags.length > 0)
    await db
      .insertInto('post_tags')
      .values(tags.map((tag) => ({ post_id: postId, community_id: communityId, tag })))
      .execute();
}

export async function insertRevision(
  db: Executor,
  row: {
    id: string;
    post_id: string;
    editor_id: string;
    title: string | null;
    body: string;
    tags: string;
    created_at: number;
  },
): Promise<void> {
  await db.insertInto('post_revisions').values(row).execute();
}

export function listRevisions(db: Executor, postId: string, before: string | null, limit: number) {
  let query = db
    .selectFrom('post_revisions as r')
    .innerJoin('users as u', 'u.id', 'r.editor_id')
    .select(['r.id', 'r.title', 'r.body', 'r.tags', 'r.created_at', 'r.editor_id', 'u.display_name'])
    .where('r.post_id', '=', postId)
    .orderBy('r.id', 'desc')
    .limit(limit);
  if (before) query = query.where('r.id', '<', before);
  return query.execute();
}

/** Replaces the files a post names (attachments, and images its or its comments' markdown shows). */
export async function addPostFiles(
  db: Executor,
  postId: string,
  fileIds: readonly string[],
  role: 'attachment' | 'inline',
): Promise<void> {
  if (fileIds.length === 0) return;
  await db
    .insertInto('post_files')
    .values(fileIds.map((file_id) => ({ post_id: postId, file_id, role })))
    .onConflict((oc) => oc.columns(['post_id', 'file_id']).doNothing())
    .execute();
}

export async function removeAttachments(db: Executor, postId: string): Promise<void> {
  await db.deleteFrom('post_files').where('post_id', '=', postId).where('role', '=', 'attachment').execute();
}

export function listAttachments(db: Executor, postId: string) {
  return db
    .selectFrom('post_files as pf')
    .innerJoin('files as f', 'f.id', 'pf.file_id')
    .select(['f.id', 'f.original_name', 'f.mime'])
    .where('pf.post_id', '=', postId)
    .where('pf.role', '=', 'attachment')
    .orderBy('f.id')
    .execute();
}

/** Which of `fileIds` exist and may be named by this user in this community. */
export async function findUsableFileIds(
  db: Executor,
  fileIds: readonly string[],
  userId: string,
  communityId: string,
): Promise<Set<string>> {
  if (fileIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('files')
    .select('id')
    .where('id', 'in', [...fileIds])
    .where((eb) => eb.or([eb('uploader_id', '=', userId), eb('community_id', '=', communityId)]))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** The post ids that use a file, for the files module's access check. */
export async function listPostIdsUsingFile(db: Executor, fileId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('post_files')
    .select('post_id')
    .where('file_id', '=', fileId)
    .limit(20)
    .execute();
  return rows.map((r) => r.post_id);
}

/** Counters after a comment or reaction write; the hot score is recomputed from them. */
export async function bumpPostCounters(
  db: Executor,
  id: string,
  delta: { reactions?: number; comments?: number; answers?: number },
  now: number | null,
): Promise<Pick<PostRow, 'reaction_count' | 'comment_count' | 'created_at'> | undefined> {
  await db
    .updateTable('posts')
    .set((eb) => ({
      reaction_count: eb('reaction_count', '+', delta.reactions ?? 0),
      comment_count: eb('comment_count', '+', delta.comments ?? 0),
      answer_count: eb('answer_count', '+', delta.answers ?? 0),
      ...(now !== null ? { last_activity_at: now } : {}),
    }))
    .where('id', '=', id)
    .execute();
  return db
    .selectFrom('posts')
    .select(['reaction_count', 'comment_count', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

// ---------------------------------------------------------------- feeds

const SUMMARY_COLUMNS = [
  'p.id',
  'p.community_id',
  'p.author_id',
  'u.display_name as author_name',
  'p.kind',
  'p.title',
  'p.body',
  'p.tags',
  'p.state',
  'p.pinned',
  'p.featured',
  'p.locked',
  'p.reaction_count',
  'p.comment_count',
  'p.answer_count',
  'p.accepted_comment_id',
  'p.hot_score',
  'p.created_at',
] as const;

export interface FeedCursor {
  id: string;
  /** The hot score of the last row, for the hot order. */
  score?: number;
}

export interface FeedFilter {
  communityId: string;
  sort: FeedSortValue;
  tag?: string;
  authorId?: string;
  after: FeedCursor | null;
  limit: number;
}

/**
 * The posts a feed in `sort` order may show (published; featured ones, unanswered questions), with
 * the summary columns, before tag, author and keyset bounds. Every feed read starts here.
 */
export function feedRows(db: Executor, communityId: string, sort: FeedSortValue) {
  const query = db
    .selectFrom('posts as p')
    .innerJoin('users as u', 'u.id', 'p.author_id')
    .select(SUMMARY_COLUMNS)
    .where('p.community_id', '=', communityId)
    .where('p.state', '=', 'published');
  if (sort === 'featured') return query.where('p.featured', '=', 1);
  if (sort === 'unanswered') return query.where('p.kind', '=', 'question').where('p.answer_count', '=', 0);
  return query;
}

/** One page of a community's published posts, in the order asked for; each order has its index. */
export function listFeed(db: Executor, f: FeedFilter) {
  let query = feedRows(db, f.communityId, f.sort);
  if (f.tag !== undefined) {
    const tag = f.tag;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('post_tags as t')
          .select('t.post_id')
          .whereRef('t.post_id', '=', 'p.id')
          .where('t.tag', '=', tag),
      ),
    );
  }
  if (f.authorId !== undefined) query = query.where('p.author_id', '=', f.authorId);
  if (f.sort === 'hot') {
    const after = f.after;
    if (after && after.score !== undefined) {
      const score = after.score;
      // A row-value comparison is one range both planners seek to in posts_hot; the OR form made
      // them walk the index from the top to the cursor. The plain bound helps older SQLite plans.
      query = query
        .where('p.hot_score', '<=', score)
        .where((eb) => eb(eb.refTuple('p.hot_score', 'p.id'), '<', eb.tuple(score, after.id)));
    }
    return query.orderBy('p.hot_score', 'desc').orderBy('p.id', 'desc').limit(f.limit).execute();
  }
  if (f.after) query = query.where('p.id', '<', f.after.id);
  return query.orderBy('p.id', 'desc').limit(f.limit).execute();
}
export type FeedRow = Awaited<ReturnType<typeof listFeed>>[number];

/** Posts waiting for review, oldest first. */
export function listInReview(db: Executor, communityId: string, after: string | null, limit: number) {
  let query = db
    .selectFrom('posts as p')
    .innerJoin('users as u', 'u.id', 'p.author_id')
    .select(SUMMARY_COLUMNS)
    .where('p.community_id', '=', communityId)
    .where('p.state', '=', 'in_review')
    .orderBy('p.id', 'asc')
    .limit(limit);
  if (after) query = query.where('p.id', '>', after);
  return query.execute();
}

// ---------------------------------------------------------------- comments

export async function insertComment(db: Executor, row: CommentRow): Promise<void> {
  await db.insertInto('post_comments').values(row).execute();
}

export function findComment(db: Executor, id: string): Promise<CommentRow | undefined> {
  return db.selectFrom('post_comments').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findCommentByIdempotencyKey(db: Executor, authorId: string, key: string) {
  return db
    .selectFrom('post_comments')
    .selectAll()
    .where('author_id', '=', authorId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

export async function updateComment(db: Executor, id: string, set: Partial<CommentRow>): Promise<number> {
  const result = await db.updateTable('post_comments').set(set).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function bumpReplyCount(db: Executor, rootId: string, delta: number): Promise<void> {
  await db
    .updateTable('post_comments')
    .set((eb) => ({ reply_count: eb('reply_count', '+', delta) }))
    .where('id', '=', rootId)
    .execute();
}

export async function bumpCommentReactions(
  db: Executor,
  id: string,
  delta: { reactions: number; upvotes: number },
): Promise<void> {
  await db
    .updateTable('post_comments')
    .set((eb) => ({
      reaction_count: eb('reaction_count', '+', delta.reactions),
      upvote_count: eb('upvote_count', '+', delta.upvotes),
    }))
    .where('id', '=', id)
    .execute();
}

/** A comment with its author's and its parent's author's names. */
function commentsWithNames(db: Executor) {
  return db
    .selectFrom('post_comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .leftJoin('post_comments as pc', 'pc.id', 'c.parent_id')
    .leftJoin('users as pu', 'pu.id', 'pc.author_id')
    .selectAll('c')
    .select([
      'u.display_name as author_name',
      'pc.author_id as reply_to_id',
      'pu.display_name as reply_to_name',
    ]);
}
export type CommentWithNames = Awaited<ReturnType<ReturnType<typeof commentsWithNames>['execute']>>[number];

export function findCommentWithNames(db: Executor, id: string) {
  return commentsWithNames(db).where('c.id', '=', id).executeTakeFirst();
}

/** Top-level comments (answers, on a question) in the order they were written. */
export function listTopLevelComments(db: Executor, postId: string, after: string | null, limit: number) {
  let query = commentsWithNames(db)
    .where('c.post_id', '=', postId)
    .where('c.root_id', 'is', null)
    .orderBy('c.id', 'asc')
    .limit(limit);
  if (after) query = query.where('c.id', '>', after);
  return query.execute();
}

/** The first `perRoot` replies of each thread (one more, to know if there are more), in one query. */
export async function listFirstReplies(
  db: Executor,
  postId: string,
  rootIds: readonly string[],
  perRoot: number,
): Promise<CommentWithNames[]> {
  if (rootIds.length === 0 || perRoot === 0) return [];
  const ranked = db
    .selectFrom('post_comments')
    .select(['id', sql<number>`row_number() over (partition by root_id order by id)`.as('rn')])
    .where('post_id', '=', postId)
    .where('root_id', 'in', [...rootIds])
    .as('ranked');
  return commentsWithNames(db)
    .innerJoin(ranked, 'ranked.id', 'c.id')
    .where('ranked.rn', '<=', perRoot + 1)
    .orderBy('c.id', 'asc')
    .execute();
}

export function listReplies(db: Executor, rootId: string, after: string | null, limit: number) {
  let query = commentsWithNames(db).where('c.root_id', '=', rootId).orderBy('c.id', 'asc').limit(limit);
  if (after) query = query.where('c.id', '>', after);
  return query.execute();
}

// ---------------------------------------------------------------- reactions

export async function addPostReaction(
  db: Executor,
  postId: string,
  userId: string,
  kind: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .insertInto('post_reactions')
    .values({ post_id: postId, user_id: userId, kind, created_at: now })
    .onConflict((oc) => oc.columns(['post_id', 'kind', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function removePostReaction(db: Executor, postId: string, userId: string, kind: string) {
  const result = await db
    .deleteFrom('post_reactions')
    .where('post_id', '=', postId)
    .where('kind', '=', kind)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function addCommentReaction(
  db: Executor,
  commentId: string,
  userId: string,
  kind: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .insertInto('comment_reactions')
    .values({ comment_id: commentId, user_id: userId, kind, created_at: now })
    .onConflict((oc) => oc.columns(['comment_id', 'kind', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function removeCommentReaction(db: Executor, commentId: string, userId: string, kind: string) {
  const result = await db
    .deleteFrom('comment_reactions')
    .where('comment_id', '=', commentId)
    .where('kind', '=', kind)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export interface ReactionTally {
  counts: Map<string, Record<string, number>>;
  mine: Map<string, string[]>;
}

/** Per-kind counts and the viewer's own reactions, for a post. */
export async function postReactionTally(db: Executor, postId: string, userId: string | null) {
  const rows = await db
    .selectFrom('post_reactions')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('post_id', '=', postId)
    .groupBy('kind')
    .execute();
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.kind] = Number(r.n);
  const mine = userId
    ? (
        await db
          .selectFrom('post_reactions')
          .select('kind')
          .where('post_id', '=', postId)
          .where('user_id', '=', userId)
          .execute()
      ).map((r) => r.kind)
    : [];
  return { counts, mine };
}

/** Per-kind counts and the viewer's own reactions, for a page of comments, in two queries. */
export async function commentReactionTally(
  db: Executor,
  commentIds: readonly string[],
  userId: string | null,
): Promise<ReactionTally> {
  const counts = new Map<string, Record<string, number>>();
  const mine = new Map<string, string[]>();
  if (commentIds.length === 0) return { counts, mine };
  const rows = await db
    .selectFrom('comment_reactions')
    .select(['comment_id', 'kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('comment_id', 'in', [...commentIds])
    .groupBy(['comment_id', 'kind'])
    .execute();
  for (const r of rows) {
    const entry = counts.get(r.comment_id) ?? {};
    entry[r.kind] = Number(r.n);
    counts.set(r.comment_id, entry);
  }
  if (userId) {
    const own = await db
      .selectFrom('comment_reactions')
      .select(['comment_id', 'kind'])
      .where('comment_id', 'in', [...commentIds])
      .where('user_id', '=', userId)
      .execute();
    for (const r of own) mine.set(r.comment_id, [...(mine.get(r.comment_id) ?? []), r.kind]);
  }
  return { counts, mine };
}

// ---------------------------------------------------------------- people, settings

/**
 * Users named by `@name` mentions (display name, case-insensitively) who belong to the community
 * (an active member or on its team): others could not read the post anyway.
 */
export async function findMentionedUserIds(
  db: Executor,
  communityId: string,
  names: readonly string[],
): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = await db
    .selectFrom('users as u')
    .select('u.id')
    .where(sql<string>`lower(u.display_name)`, 'in', [...names])
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('memberships as m')
            .select('m.user_id')
            .whereRef('m.user_id', '=', 'u.id')
            .where('m.community_id', '=', communityId)
            .where('m.state', '=', 'active'),
        ),
        eb.exists(
          eb
            .selectFrom('community_roles as r')
            .select('r.user_id')
            .whereRef('r.user_id', '=', 'u.id')
            .where('r.community_id', '=', communityId),
        ),
      ]),
    )
    .limit(50)
    .execute();
  return rows.map((r) => r.id);
}

export function findDisplayName(db: Executor, userId: string) {
  return db.selectFrom('users').select(['id', 'display_name']).where('id', '=', userId).executeTakeFirst();
}

export function findSettings(db: Executor, communityId: string) {
  return db
    .selectFrom('discussion_settings')
    .selectAll()
    .where('community_id', '=', communityId)
    .executeTakeFirst();
}

export async function upsertSettings(
  db: Executor,
  row: {
    community_id: string;
    posts_require_review: number;
    new_member_link_limit: number;
    new_member_days: number;
    updated_at: number;
  },
): Promise<void> {
  await db
    .insertInto('discussion_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('community_id').doUpdateSet({
        posts_require_review: row.posts_require_review,
        new_member_link_limit: row.new_member_link_limit,
        new_member_days: row.new_member_days,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}
