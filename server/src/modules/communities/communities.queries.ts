import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import type { CommunitiesTable, CommunityPlansTable, CommunityStaffRole, DB } from '../../db/schema.js';

type Executor = Kysely<DB>;

export const findCommunityById = (db: Executor, id: string) =>
  db.selectFrom('communities').selectAll().where('id', '=', id).executeTakeFirst();

export const findCommunityBySlug = (db: Executor, slug: string) =>
  db.selectFrom('communities').selectAll().where('slug', '=', slug).executeTakeFirst();

export const insertCommunity = (db: Executor, row: Insertable<CommunitiesTable>) =>
  db.insertInto('communities').values(row).execute();

export const updateCommunity = (db: Executor, id: string, changes: Updateable<CommunitiesTable>) =>
  db.updateTable('communities').set(changes).where('id', '=', id).execute();

/** Listed communities, newest first, after `beforeId`; `pattern` is an escaped LIKE pattern. */
export function listListedCommunities(
  db: Executor,
  opts: { beforeId: string | null; pattern: string | null; limit: number },
) {
  let query = db
    .selectFrom('communities')
    .select([
      'id',
      'slug',
      'name',
      'description',
      'avatar_file_id',
      'cover_file_id',
      'category',
      'tags',
      'language',
      'join_policy',
      'member_count',
      'created_at',
    ])
    .where('visibility', '=', 'listed')
    .orderBy('id', 'desc')
    .limit(opts.limit);
  if (opts.beforeId) query = query.where('id', '<', opts.beforeId);
  if (opts.pattern) query = query.where(sql<boolean>`search_text like ${opts.pattern} escape '\\'`);
  return query.execute();
}

/** Lowest and highest active price per community and currency, for a whole page in one query. */
export async function priceRanges(db: Executor, communityIds: readonly string[]) {
  if (communityIds.length === 0) return [];
  return db
    .selectFrom('community_plans')
    .select((eb) => [
      'community_id',
      'currency',
      eb.fn.min<number>('price_minor').as('min_minor'),
      eb.fn.max<number>('price_minor').as('max_minor'),
    ])
    .where('community_id', 'in', [...communityIds])
    .where('status', '=', 'active')
    .groupBy(['community_id', 'currency'])
    .execute();
}

// ── plans ────────────────────────────────────────────────────────────────────

export const listPlans = (db: Executor, communityId: string, activeOnly: boolean) => {
  let query = db
    .selectFrom('community_plans')
    .selectAll()
    .where('community_id', '=', communityId)
    .orderBy('position')
    .limit(200);
  if (activeOnly) query = query.where('status', '=', 'active');
  return query.execute();
};

export const findPlan = (db: Executor, id: string) =>
  db.selectFrom('community_plans').selectAll().where('id', '=', id).executeTakeFirst();

export const lastPlanPosition = async (db: Executor, communityId: string): Promise<string | null> =>
  (
    await db
      .selectFrom('community_plans')
      .select('position')
      .where('community_id', '=', communityId)
      .orderBy('position', 'desc')
      .limit(1)
      .executeTakeFirst()
  )?.position ?? null;

export const insertPlan = (db: Executor, row: Insertable<CommunityPlansTable>) =>
  db.insertInto('community_plans').values(row).execute();

export const updatePlan = (db: Executor, id: string, changes: Updateable<CommunityPlansTable>) =>
  db.updateTable('community_plans').set(changes).where('id', '=', id).execute();

// ── roles ────────────────────────────────────────────────────────────────────

export const findRole = (db: Executor, communityId: string, userId: string) =>
  db
    .selectFrom('community_roles')
    .select(['role', 'granted_by'])
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .executeTakeFirst();

export const upsertRole = (
  db: Executor,
  row: {
    community_id: string;
    user_id: string;
    role: CommunityStaffRole;
    granted_by: string;
    created_at: number;
  },
) =>
  db
    .insertInto('community_roles')
    .values(row)
    .onConflict((oc) => oc.columns(['community_id', 'user_id']).doUpdateSet({ role: row.role }))
    .execute();

export const deleteRole = (db: Executor, communityId: string, userId: string) =>
  db
    .deleteFrom('community_roles')
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .execute();

/** Communities where the user has a staff role, newest first (keyset on the community id). */
export function listStaffCommunities(
  db: Executor,
  opts: { userId: string; role: CommunityStaffRole | null; beforeId: string | null; limit: number },
) {
  let query = db
    .selectFrom('community_roles as r')
    .innerJoin('communities as c', 'c.id', 'r.community_id')
    .select(['c.id', 'c.slug', 'c.name', 'c.avatar_file_id', 'c.member_count', 'r.role'])
    .where('r.user_id', '=', opts.userId)
    .orderBy('c.id', 'desc')
    .limit(opts.limit);
  if (opts.role) query = query.where('r.role', '=', opts.role);
  if (opts.beforeId) query = query.where('c.id', '<', opts.beforeId);
  return query.execute();
}

/** A community's team with their names: the owner, then moderators, then contributors. */
export const listTeam = (db: Executor, communityId: string) =>
  db
    .selectFrom('community_roles as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.user_id', 'u.display_name', 'r.role', 'r.created_at'])
    .where('r.community_id', '=', communityId)
    .orderBy(sql`case r.role when 'owner' then 0 when 'moderator' then 1 else 2 end`)
    .orderBy('r.created_at')
    .orderBy('r.user_id')
    .limit(500)
    .execute();

export const findUser = (db: Executor, id: string) =>
  db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'locale'])
    .where('id', '=', id)
    .executeTakeFirst();

// ── creation settings ────────────────────────────────────────────────────────

export const CREATION_POLICY_KEY = 'community_creation';

export const findSetting = (db: Executor, key: string) =>
  db.selectFrom('site_settings').select('value').where('key', '=', key).executeTakeFirst();

export const upsertSetting = (db: Executor, key: string, value: string, now: number) =>
  db
    .insertInto('site_settings')
    .values({ key, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
    .execute();

export const isApprovedCreator = async (db: Executor, userId: string): Promise<boolean> =>
  (await db
    .selectFrom('approved_creators')
    .select('user_id')
    .where('user_id', '=', userId)
    .executeTakeFirst()) !== undefined;

export const addApprovedCreator = (db: Executor, userId: string, approvedBy: string, now: number) =>
  db
    .insertInto('approved_creators')
    .values({ user_id: userId, approved_by: approvedBy, created_at: now })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();

export const removeApprovedCreator = (db: Executor, userId: string) =>
  db.deleteFrom('approved_creators').where('user_id', '=', userId).execute();

/** Whether an uploaded file exists; the community only stores its id (the files module serves it). */
export const fileExists = async (db: Executor, id: string): Promise<boolean> =>
  (await db.selectFrom('files').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
