import type { Insertable, Kysely } from 'kysely';
import type { DB, PaymentCredentialsTable } from '../../db/schema.js';

type Db = Kysely<DB>;

export const SITE_SCOPE = 'site';

const META = ['id', 'scope', 'provider', 'key_version', 'updated_at'] as const;

/** The site's rows and, given a community, its rows: what resolution needs, without the blobs. */
export function listCredentialMeta(db: Db, communityId: string | null) {
  const scopes = communityId ? [SITE_SCOPE, communityId] : [SITE_SCOPE];
  return db.selectFrom('payment_credentials').select(META).where('scope', 'in', scopes).execute();
}

export const findCredential = (db: Db, scope: string, provider: string) =>
  db
    .selectFrom('payment_credentials')
    .selectAll()
    .where('scope', '=', scope)
    .where('provider', '=', provider as PaymentCredentialsTable['provider'])
    .executeTakeFirst();

export const findCredentialById = (db: Db, id: string) =>
  db.selectFrom('payment_credentials').selectAll().where('id', '=', id).executeTakeFirst();

/** One row per scope and provider: a second save replaces the first. */
export const upsertCredential = (db: Db, row: Insertable<PaymentCredentialsTable>) =>
  db
    .insertInto('payment_credentials')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['scope', 'provider']).doUpdateSet({
        key_version: row.key_version,
        sealed: row.sealed,
        summary: row.summary,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
      }),
    )
    .execute();

export const deleteCredential = (db: Db, id: string) =>
  db.deleteFrom('payment_credentials').where('id', '=', id).execute();

/** Rows of one scope with who saved them (display name only). */
export const listScopeCredentials = (db: Db, scope: string) =>
  db
    .selectFrom('payment_credentials as c')
    .leftJoin('users as u', 'u.id', 'c.updated_by')
    .select([
      'c.id',
      'c.scope',
      'c.provider',
      'c.key_version',
      'c.sealed',
      'c.summary',
      'c.updated_at',
      'c.updated_by',
      'u.display_name as updated_by_name',
    ])
    .where('c.scope', '=', scope)
    .execute();

/** Communities that have keys of their own, a page at a time. */
export function listCommunitiesWithOwnKeys(db: Db, afterId: string | null, limit: number) {
  let query = db
    .selectFrom('payment_credentials as c')
    .innerJoin('communities as m', 'm.id', 'c.community_id')
    .select(['m.id', 'm.name', 'm.slug', 'c.provider'])
    .where('c.scope', '<>', SITE_SCOPE)
    .orderBy('m.id')
    .orderBy('c.provider')
    .limit((limit + 1) * 3);
  if (afterId) query = query.where('m.id', '>', afterId);
  return query.execute();
}
