import type { Kysely } from 'kysely';

/**
 * Referrals (分销): per-plan commission programmes, members' codes, clicks, and one commission row
 * per attributed order. Gifts (赠送): an order bought for someone else, redeemed once by a link.
 * Journal lines gain a party (the referrer, for referral accounts) and entries a dedupe key, so a
 * commission, its release and each reversal are booked once.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('referral_programs')
    .addColumn('plan_id', 'text', (c) => c.primaryKey().references('community_plans.id').onDelete('cascade'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('enabled', 'integer', (c) => c.notNull())
    /** Of the amount the buyer paid, in basis points (1000 = 10 %). */
    .addColumn('commission_bp', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('referral_programs_community')
    .on('referral_programs')
    .column('community_id')
    .execute();

  await db.schema
    .createTable('referral_codes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('referral_codes_member', ['community_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('referral_clicks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('referrer_id', 'text', (c) => c.notNull())
    /** The signed-in visitor, if any. */
    .addColumn('visitor_id', 'text')
    /** SHA-256 of the visitor cookie set on the click (anonymous visitors who sign up later). */
    .addColumn('visitor_key', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('referral_clicks_visitor')
    .on('referral_clicks')
    .columns(['community_id', 'visitor_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('referral_clicks_key')
    .on('referral_clicks')
    .columns(['community_id', 'visitor_key', 'created_at'])
    .execute();
  await db.schema
    .createIndex('referral_clicks_referrer')
    .on('referral_clicks')
    .columns(['referrer_id', 'community_id'])
    .execute();

  await db.schema
    .createTable('referral_commissions')
    .addColumn('order_id', 'text', (c) => c.primaryKey().references('orders.id'))
    .addColumn('community_id', 'text', (c) => c.notNull())
    .addColumn('referrer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('click_id', 'text', (c) => c.notNull())
    .addColumn('commission_bp', 'integer', (c) => c.notNull())
    /** Fixed when the order is paid. */
    .addColumn('commission_minor', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('reversed_minor', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('currency', 'text', (c) => c.notNull())
    /** attributed (order unpaid), pending (in the refund window), payable, reversed. */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('payable_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('referral_commissions_referrer')
    .on('referral_commissions')
    .columns(['referrer_id', 'order_id'])
    .execute();
  await db.schema
    .createIndex('referral_commissions_community')
    .on('referral_commissions')
    .columns(['community_id', 'referrer_id'])
    .execute();
  await db.schema
    .createIndex('referral_commissions_due')
    .on('referral_commissions')
    .columns(['state', 'payable_at'])
    .execute();

  await db.schema
    .createTable('gifts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().unique().references('orders.id'))
    .addColumn('community_id', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('recipient_email', 'text')
    /** SHA-256 of the redemption token; set when the order is paid. */
    .addColumn('token_hash', 'text', (c) => c.unique())
    /** awaiting_payment, ready, redeemed, void. */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('redeemed_by', 'text')
    .addColumn('redeemed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('ledger_lines').addColumn('party_id', 'text').execute();
  await db.schema
    .createIndex('ledger_lines_party')
    .on('ledger_lines')
    .columns(['party_id', 'account', 'currency'])
    .execute();
  await db.schema.alterTable('ledger_entries').addColumn('dedupe_key', 'text').execute();
  await db.schema
    .createIndex('ledger_entries_dedupe')
    .on('ledger_entries')
    .column('dedupe_key')
    .unique()
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ledger_entries_dedupe').execute();
  await db.schema.alterTable('ledger_entries').dropColumn('dedupe_key').execute();
  await db.schema.dropIndex('ledger_lines_party').execute();
  await db.schema.alterTable('ledger_lines').dropColumn('party_id').execute();
  for (const table of [
    'gifts',
    'referral_commissions',
    'referral_clicks',
    'referral_codes',
    'referral_programs',
  ])
    await db.schema.dropTable(table).execute();
}
