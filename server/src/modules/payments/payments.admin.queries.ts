import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

export const findPayoutByKey = (db: Db, communityId: string, key: string) =>
  db
    .selectFrom('payouts')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();

const payoutsWithRecorder = (db: Db) =>
  db
    .selectFrom('payouts as p')
    .innerJoin('users as u', 'u.id', 'p.recorded_by')
    .select([
      'p.id',
      'p.community_id',
      'p.kind',
      'p.amount_minor',
      'p.currency',
      'p.reference',
      'p.note',
      'p.recorded_by',
      'u.display_name as recorded_by_name',
      'p.created_at',
    ]);

/** One payout of a community, by the Idempotency-Key that recorded it. */
export const findPayoutByKeyWithRecorder = (db: Db, communityId: string, key: string) =>
  payoutsWithRecorder(db)
    .where('p.community_id', '=', communityId)
    .where('p.idempotency_key', '=', key)
    .executeTakeFirst();

/** A community's payouts, newest first, with who recorded each. */
export function listPayouts(db: Db, communityId: string, beforeId: string | null, limit: number) {
  let query = payoutsWithRecorder(db)
    .where('p.community_id', '=', communityId)
    .orderBy('p.id', 'desc')
    .limit(limit);
  if (beforeId) query = query.where('p.id', '<', beforeId);
  return query.execute();
}

/**
 * What each community's creator is owed per currency (the creator_payable account's credit
 * balance less what creator_held holds: negative when the creator owes the platform its fees),
 * communities in id order after `afterId`; only balances that are not zero.
 */
export function listPayableBalances(db: Db, afterId: string | null, rowLimit: number) {
  let query = db
    .selectFrom('ledger_lines as l')
    .innerJoin('communities as c', 'c.id', 'l.community_id')
    .select([
      'l.community_id',
      'c.name',
      'c.slug',
      'l.currency',
      (eb) => eb.fn.sum<number | string>('l.amount_minor').as('total'),
    ])
    .where('l.account', 'in', ['creator_payable', 'creator_held'])
    .groupBy(['l.community_id', 'c.name', 'c.slug', 'l.currency'])
    .having((eb) => eb.fn.sum('l.amount_minor'), '<>', 0)
    .orderBy('l.community_id')
    .orderBy('l.currency')
    .limit(rowLimit);
  if (afterId) query = query.where('l.community_id', '>', afterId);
  return query.execute();
}

/** Which of these communities have provider keys of their own. */
export const listOwnKeyProviders = (db: Db, communityIds: readonly string[]) =>
  communityIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('payment_credentials')
        .select(['community_id', 'provider'])
        .where('scope', 'in', communityIds)
        .execute();
