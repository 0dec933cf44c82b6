import type { Insertable, Kysely } from 'kysely';
import type { DB, NotificationsTable } from '../../db/schema.js';

type Db = Kysely<DB>;

export function findPostFacts(db: Db, postId: string) {
  return db
    .selectFrom('posts')
    .select(['id', 'community_id', 'author_id', 'title', 'state'])
    .where('id', '=', postId)
    .executeTakeFirst();
}

/** A submission with its assignment's title (activities). */
export function findSubmissionFacts(db: Db, submissionId: string) {
  return db
    .selectFrom('assignment_submissions as s')
    .innerJoin('assignments as a', 'a.id', 's.assignment_id')
    .select(['s.id', 's.community_id', 's.user_id', 's.assignment_id', 'a.title'])
    .where('s.id', '=', submissionId)
    .executeTakeFirst();
}

/** A check-in challenge's or an assignment's community and title (activities). */
export function findActivityFacts(db: Db, itemType: 'challenge' | 'assignment', id: string) {
  return db
    .selectFrom(itemType === 'challenge' ? 'challenges' : 'assignments')
    .select(['id', 'community_id', 'title'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Who may read a paid question: its asker, the owner, and members once answered and public. */
export function findPaidQuestionFacts(db: Db, id: string) {
  return db
    .selectFrom('paid_questions as q')
    .innerJoin('communities as c', 'c.id', 'q.community_id')
    .select(['q.id', 'q.community_id', 'q.asker_id', 'q.state', 'q.public', 'q.body', 'c.owner_id'])
    .where('q.id', '=', id)
    .executeTakeFirst();
}

/** Each user's site role, staff role and membership in a community: the facts of a `Viewer`. */
export function listViewerRows(db: Db, communityId: string, userIds: readonly string[]) {
  return db
    .selectFrom('users as u')
    .leftJoin('community_roles as r', (join) =>
      join.onRef('r.user_id', '=', 'u.id').on('r.community_id', '=', communityId),
    )
    .leftJoin('memberships as m', (join) =>
      join.onRef('m.user_id', '=', 'u.id').on('m.community_id', '=', communityId),
    )
    .select([
      'u.id as user_id',
      'u.role as user_role',
      'r.role',
      'm.state',
      'm.plan_id',
      'm.starts_at',
      'm.ends_at',
    ])
    .where('u.id', 'in', [...userIds])
    .execute();
}

export async function listUsersWhoCompleted(db: Db, lessonId: string, userIds: readonly string[]) {
  if (userIds.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('lesson_progress')
    .select('user_id')
    .where('lesson_id', '=', lessonId)
    .where('user_id', 'in', [...userIds])
    .where('completed_at', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/**
 * One page (by user id) of those who follow a community: its active members and its team. The
 * access rules decide later whether each may see the item (an ended term, a plan that leaves it out).
 */
export async function listFollowerPage(db: Db, communityId: string, afterUserId: string, limit: number) {
  const rows = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('community_id', '=', communityId)
    .where('state', '=', 'active')
    .where('user_id', '>', afterUserId)
    .union(
      db
        .selectFrom('community_roles')
        .select('user_id')
        .where('community_id', '=', communityId)
        .where('user_id', '>', afterUserId),
    )
    .orderBy('user_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.user_id);
}

export async function listMutedAmong(db: Db, communityId: string, userIds: readonly string[]) {
  if (userIds.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('community_notification_mutes')
    .select('user_id')
    .where('community_id', '=', communityId)
    .where('user_id', 'in', [...userIds])
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

export function listPreferenceRows(db: Db, userIds: readonly string[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('notification_preferences')
    .select(['user_id', 'kind', 'in_app', 'email'])
    .where('user_id', 'in', [...userIds])
    .execute();
}

/** Inserts what is not there yet; returns only the rows this call added (delivery is at least once). */
export function insertNotifications(db: Db, rows: Insertable<NotificationsTable>[]) {
  if (rows.length === 0) return Promise.resolve([]);
  return db
    .insertInto('notifications')
    .values(rows)
    .onConflict((oc) => oc.columns(['recipient_id', 'kind', 'source_id']).doNothing())
    .returning(['id', 'recipient_id', 'in_app'])
    .execute();
}

const listColumns = [
  'n.id',
  'n.kind',
  'n.community_id',
  'n.actor_id',
  'n.item_type',
  'n.item_id',
  'n.comment_id',
  'n.data',
  'n.created_at',
  'n.read_at',
  'c.name as community_name',
  'c.slug as community_slug',
  'a.display_name as actor_name',
] as const;

function listBase(db: Db) {
  return db
    .selectFrom('notifications as n')
    .innerJoin('communities as c', 'c.id', 'n.community_id')
    .leftJoin('users as a', 'a.id', 'n.actor_id')
    .select(listColumns);
}

export type NotificationListRow = Awaited<ReturnType<typeof listNotifications>>[number];

/** Newest first, keyset on the time-ordered id. */
export function listNotifications(db: Db, recipientId: string, beforeId: string | null, limit: number) {
  let query = listBase(db)
    .where('n.recipient_id', '=', recipientId)
    .where('n.in_app', '=', 1)
    .orderBy('n.id', 'desc')
    .limit(limit);
  if (beforeId) query = query.where('n.id', '<', beforeId);
  return query.execute();
}

export function findNotificationsByIds(db: Db, recipientId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return listBase(db)
    .where('n.recipient_id', '=', recipientId)
    .where('n.id', 'in', [...ids])
    .orderBy('n.id', 'desc')
    .execute();
}

export async function countUnread(db: Db, recipientId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('recipient_id', '=', recipientId)
    .where('in_app', '=', 1)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the recipient's own notifications read (all when `ids` is null); returns how many changed. */
export async function markRead(db: Db, recipientId: string, ids: readonly string[] | null, now: number) {
  if (ids !== null && ids.length === 0) return 0;
  let query = db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('recipient_id', '=', recipientId)
    .where('read_at', 'is', null);
  if (ids !== null) query = query.where('id', 'in', [...ids]);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function listMutedCommunityIds(db: Db, userId: string) {
  return db
    .selectFrom('community_notification_mutes')
    .select('community_id')
    .where('user_id', '=', userId)
    .orderBy('community_id')
    .limit(1000)
    .execute();
}

export async function setMuted(db: Db, userId: string, communityId: string, muted: boolean, now: number) {
  if (muted)
    await db
      .insertInto('community_notification_mutes')
      .values({ user_id: userId, community_id: communityId, created_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'community_id']).doNothing())
      .execute();
  else
    await db
      .deleteFrom('community_notification_mutes')
      .where('user_id', '=', userId)
      .where('community_id', '=', communityId)
      .execute();
}

export async function upsertPreference(
  db: Db,
  row: {
    user_id: string;
    kind: string;
    in_app: number;
    email: 'off' | 'daily' | 'weekly';
    updated_at: number;
  },
) {
  await db
    .insertInto('notification_preferences')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['user_id', 'kind']).doUpdateSet({
        in_app: row.in_app,
        email: row.email,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

// ── digests ──────────────────────────────────────────────────────────────

/** Recipients with notifications not yet e-mailed nor read since `since`, one page by user id. */
export async function listDigestCandidates(db: Db, since: number, afterUserId: string, limit: number) {
  const rows = await db
    .selectFrom('notifications')
    .select('recipient_id')
    .distinct()
    .where('emailed_at', 'is', null)
    .where('read_at', 'is', null)
    .where('created_at', '>=', since)
    .where('recipient_id', '>', afterUserId)
    .orderBy('recipient_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.recipient_id);
}

export function listDigestItems(db: Db, recipientId: string, kinds: readonly string[], since: number) {
  if (kinds.length === 0) return Promise.resolve([]);
  return listBase(db)
    .where('n.recipient_id', '=', recipientId)
    .where('n.kind', 'in', [...kinds])
    .where('n.emailed_at', 'is', null)
    .where('n.read_at', 'is', null)
    .where('n.created_at', '>=', since)
    .orderBy('n.id', 'desc')
    .limit(50)
    .execute();
}

/** Claims a digest period for a user; false when it was already sent (by this or another process). */
export async function claimDigest(
  db: Db,
  row: {
    user_id: string;
    cadence: 'daily' | 'weekly';
    period: number;
    notification_count: number;
    sent_at: number;
  },
): Promise<boolean> {
  const inserted = await db
    .insertInto('notification_digests')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'cadence', 'period']).doNothing())
    .returning('user_id')
    .execute();
  return inserted.length === 1;
}

export async function markEmailed(db: Db, ids: readonly string[], now: number) {
  if (ids.length === 0) return;
  await db
    .updateTable('notifications')
    .set({ emailed_at: now })
    .where('id', 'in', [...ids])
    .execute();
}

export function findUserForMail(db: Db, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'locale', 'role'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

export function findUserRole(db: Db, userId: string) {
  return db.selectFrom('users').select(['id', 'role']).where('id', '=', userId).executeTakeFirst();
}

export async function turnOffEmail(db: Db, userId: string, kinds: readonly string[], now: number) {
  const existing = await db
    .selectFrom('notification_preferences')
    .select(['kind', 'in_app'])
    .where('user_id', '=', userId)
    .execute();
  const inApp = new Map(existing.map((r) => [r.kind, r.in_app]));
  for (const kind of kinds)
    await upsertPreference(db, {
      user_id: userId,
      kind,
      in_app: inApp.get(kind) ?? 1,
      email: 'off',
      updated_at: now,
    });
}
