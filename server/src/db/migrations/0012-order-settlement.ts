import type { Kysely } from 'kysely';

/**
 * `orders.settlement` says whose account received the money: `platform` (the site's or the
 * environment's keys, test, manual) or `community` (that community's own keys, paid straight into
 * the creator's provider account). The journal books the two differently (buyer_payments vs
 * creator_held). `payouts.kind` lets the same audited, idempotent record hold the other direction
 * of a settlement: `fees_collected`, the platform's fees a creator paid back for money they held.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('orders')
    .addColumn('settlement', 'text', (c) => c.notNull().defaultTo('platform'))
    .execute();
  await db.schema
    .alterTable('payouts')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('payout'))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('payouts').dropColumn('kind').execute();
  await db.schema.alterTable('orders').dropColumn('settlement').execute();
}
