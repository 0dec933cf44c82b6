import type { Insertable, Kysely, Updateable } from 'kysely';
import type {
  DB,
  InvitationsTable,
  MembershipEventsTable,
  MembershipState,
  MembershipsTable,
} from '../../db/schema.js';

type Executor = Kysely<DB>;

export const findMembership = (db: Executor, communityId: string, userId: string) =>
  db
    .selectFrom('memberships')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .executeTakeFirst();

/**
 * Takes the row lock of a membership before reading it (a no-op write: PostgreSQL locks the row,
 * SQLite's single writer already serialises the transaction), so concurrent changes queue up.
 */
export async function lockMembership(db: Executor, communityId: string, userId: string) {
  await db
    .updateTable('memberships')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .execute();
  return findMembership(db, communityId, userId);
}

export const insertMembership = (db: Executor, row: Insertable<MembershipsTable>) =>
  db.insertInto('memberships').values(row).execute();

export const updateMembership = (db: Executor, id: string, changes: Updateable<MembershipsTable>) =>
  db.updateTable('memberships').set(changes).where('id', '=', id).execute();

export const insertEvent = (db: Executor, row: Insertable<MembershipEventsTable>) =>
  db.insertInto('membership_events').values(row).execute();

export const findEventBySource = (db: Executor, kind: string, id: string) =>
  db
    .selectFrom('membership_events')
    .selectAll()
    .where('source_kind', '=', kind)
    .where('source_id', '=', id)
    .executeTakeFirst();

/** The membership's latest event that came from a source (a grant, an order, an invitation…). */
export const findLastSourcedEvent = (db: Executor, membershipId: string) =>
  db
    .selectFrom('membership_events')
    .select(['source_kind', 'source_id'])
    .where('membership_id', '=', membershipId)
    .where('source_kind', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();

/** Kinds of event that end a membership's current stint; a grant after one of them is a new one. */
export const TERMINAL_EVENT_KINDS = [
  'revoked',
  'banned',
  'unbanned',
  'expired',
  'left',
  'refunded',
  'rejected',
];

/** The latest event that ended a stint, or null: grants derive their idempotency key from it. */
export const latestTerminalEventId = async (db: Executor, membershipId: string): Promise<string | null> =>
  (
    await db
      .selectFrom('membership_events')
      .select('id')
      .where('membership_id', '=', membershipId)
      .where('kind', 'in', TERMINAL_EVENT_KINDS)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
  )?.id ?? null;

/** One more active member unless the cap is reached; false when full. Atomic under concurrency. */
export async function takeMemberSlot(db: Executor, communityId: string): Promise<boolean> {
  const result = await db
    .updateTable('communities')
    .set((eb) => ({ member_count: eb('member_count', '+', 1) }))
    .where('id', '=', communityId)
    .where((eb) => eb.or([eb('member_cap', 'is', null), eb('member_count', '<', eb.ref('member_cap'))]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export const releaseMemberSlots = (db: Executor, communityId: string, count: number) =>
  db
    .updateTable('communities')
    .set((eb) => ({ member_count: eb('member_count', '-', count) }))
    .where('id', '=', communityId)
    .execute();

export interface MemberFilter {
  communityId: string;
  state: MembershipState | null;
  planId: string | null;
  joinedAfter: number | null;
  beforeId: string | null;
  limit: number;
}

/** A community's members with their names, newest first (keyset on the membership id). */
export function listMembers(db: Executor, f: MemberFilter) {
  let query = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('community_roles as r', (join) =>
      join.onRef('r.community_id', '=', 'm.community_id').onRef('r.user_id', '=', 'm.user_id'),
    )
    .select([
      'm.id',
      'm.user_id',
      'u.display_name',
      'r.role',
      'm.state',
      'm.plan_id',
      'm.starts_at',
      'm.ends_at',
      'm.source_kind',
      'm.created_at',
    ])
    .where('m.community_id', '=', f.communityId)
    .orderBy('m.id', 'desc')
    .limit(f.limit);
  if (f.state) query = query.where('m.state', '=', f.state);
  if (f.planId) query = query.where('m.plan_id', '=', f.planId);
  if (f.joinedAfter !== null) query = query.where('m.created_at', '>', f.joinedAfter);
  if (f.beforeId) query = query.where('m.id', '<', f.beforeId);
  return query.execute();
}

/** Pending requests awaiting the owner's or a moderator's decision, oldest first. */
export function listJoinRequests(db: Executor, communityId: string, afterId: string | null, limit: number) {
  let query = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.user_id', 'u.display_name', 'm.plan_id', 'm.updated_at'])
    .where('m.community_id', '=', communityId)
    .where('m.state', '=', 'pending')
    .where('m.source_kind', '=', 'approval')
    .orderBy('m.id', 'asc')
    .limit(limit);
  if (afterId) query = query.where('m.id', '>', afterId);
  return query.execute();
}

/** A membership's events, newest first, with the display name of whoever acted. */
export function listEvents(db: Executor, membershipId: string, beforeId: string | null, limit: number) {
  let query = db
    .selectFrom('membership_events as e')
    .leftJoin('users as a', 'a.id', 'e.actor_id')
    .selectAll('e')
    .select('a.display_name as actor_name')
    .where('e.membership_id', '=', membershipId)
    .orderBy('e.id', 'desc')
    .limit(limit);
  if (beforeId) query = query.where('e.id', '<', beforeId);
  return query.execute();
}

export function listUserMemberships(db: Executor, userId: string, beforeId: string | null, limit: number) {
  let query = db
    .selectFrom('memberships as m')
    .innerJoin('communities as c', 'c.id', 'm.community_id')
    .selectAll('m')
    .select(['c.slug as community_slug', 'c.name as community_name'])
    .where('m.user_id', '=', userId)
    .orderBy('m.id', 'desc')
    .limit(limit);
  if (beforeId) query = query.where('m.id', '<', beforeId);
  return query.execute();
}

// ── invitations ─────────────────────────────────────────────────────────────

export const insertInvitation = (db: Executor, row: Insertable<InvitationsTable>) =>
  db.insertInto('invitations').values(row).execute();

export const findInvitationByHash = (db: Executor, tokenHash: string) =>
  db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

export const findInvitation = (db: Executor, communityId: string, id: string) =>
  db
    .selectFrom('invitations')
    .selectAll()
    .where('id', '=', id)
    .where('community_id', '=', communityId)
    .executeTakeFirst();

export function listInvitations(db: Executor, communityId: string, beforeId: string | null, limit: number) {
  let query = db
    .selectFrom('invitations')
    .selectAll()
    .where('community_id', '=', communityId)
    .orderBy('id', 'desc')
    .limit(limit);
  if (beforeId) query = query.where('id', '<', beforeId);
  return query.execute();
}

export const revokeInvitation = (db: Executor, id: string, now: number) =>
  db
    .updateTable('invitations')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();

/** Counts one use unless the invitation is spent, expired or revoked meanwhile; false then. */
export async function useInvitation(db: Executor, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set((eb) => ({ uses: eb('uses', '+', 1) }))
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ── expiry ───────────────────────────────────────────────────────────────────

/** Active memberships whose end has passed, a bounded page at a time (index on state, ends_at). */
export const listDueExpiries = (db: Executor, now: number, limit: number) =>
  db
    .selectFrom('memberships')
    .select(['id', 'community_id', 'user_id', 'plan_id', 'ends_at'])
    .where('state', '=', 'active')
    .where('ends_at', 'is not', null)
    .where('ends_at', '<=', now)
    .orderBy('ends_at')
    .limit(limit)
    .execute();

/** Marks the given memberships expired if they still are active and due; returns those it changed. */
export const expireMemberships = (db: Executor, ids: readonly string[], now: number) =>
  db
    .updateTable('memberships')
    .set({ state: 'expired', updated_at: now })
    .where('id', 'in', [...ids])
    .where('state', '=', 'active')
    .where('ends_at', '<=', now)
    .returning(['id', 'community_id', 'user_id', 'plan_id', 'ends_at'])
    .execute();

/** Active memberships ending within the window and not yet reminded, with whom to write to. */
export const listDueReminders = (db: Executor, now: number, until: number, limit: number) =>
  db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('communities as c', 'c.id', 'm.community_id')
    .select([
      'm.id',
      'm.ends_at',
      'u.email',
      'u.display_name',
      'u.locale',
      'c.name as community_name',
      'c.slug as community_slug',
    ])
    .where('m.state', '=', 'active')
    .where('m.ends_at', '>', now)
    .where('m.ends_at', '<=', until)
    .where('m.reminded_at', 'is', null)
    .orderBy('m.ends_at')
    .limit(limit)
    .execute();

/** Claims a reminder: true for the one run that set `reminded_at`. */
export async function markReminded(db: Executor, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('memberships')
    .set({ reminded_at: now })
    .where('id', '=', id)
    .where('reminded_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
