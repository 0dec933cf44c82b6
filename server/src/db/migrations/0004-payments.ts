import type { Kysely } from 'kysely';

/**
 * Payments: orders, coupons, provider notifications (each processed once), refunds, subscriptions,
 * payouts and a double-entry ledger. Money is bigint minor units with an ISO currency beside it.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('coupons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    /** Upper-case; codes are matched case-insensitively. */
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('percent_off', 'integer')
    .addColumn('amount_off_minor', 'bigint')
    .addColumn('currency', 'text')
    .addColumn('valid_from', 'bigint')
    .addColumn('valid_until', 'bigint')
    .addColumn('max_redemptions', 'integer')
    .addColumn('redeemed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('once_per_user', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('coupons_community_code', ['community_id', 'code'])
    .execute();
  await db.schema.createIndex('coupons_community').on('coupons').columns(['community_id', 'id']).execute();
  await db.schema
    .createTable('coupon_plans')
    .addColumn('coupon_id', 'text', (c) => c.notNull().references('coupons.id').onDelete('cascade'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('community_plans.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('coupon_plans_pk', ['coupon_id', 'plan_id'])
    .execute();

  await db.schema
    .createTable('orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id'))
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('item_kind', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('item_name', 'text', (c) => c.notNull())
    .addColumn('list_price_minor', 'bigint', (c) => c.notNull())
    .addColumn('discount_minor', 'bigint', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('coupon_id', 'text', (c) => c.references('coupons.id'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_ref', 'text')
    /** The client's next step (redirect URL or QR payload) as JSON, to show again on reload. */
    .addColumn('payment_action', 'text')
    .addColumn('subscription_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('refunded_minor', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('idempotency_key', 'text')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('paid_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('orders_buyer_idempotency', ['buyer_id', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('orders_buyer').on('orders').columns(['buyer_id', 'id']).execute();
  await db.schema.createIndex('orders_community').on('orders').columns(['community_id', 'id']).execute();
  await db.schema
    .createIndex('orders_provider_ref')
    .on('orders')
    .columns(['provider', 'provider_ref'])
    .execute();
  await db.schema.createIndex('orders_state_expires').on('orders').columns(['state', 'expires_at']).execute();

  await db.schema
    .createTable('coupon_redemptions')
    .addColumn('coupon_id', 'text', (c) => c.notNull().references('coupons.id').onDelete('cascade'))
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    /** held (order open), used (paid), released (expired or cancelled). */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('coupon_redemptions_pk', ['coupon_id', 'order_id'])
    .execute();
  await db.schema
    .createIndex('coupon_redemptions_user')
    .on('coupon_redemptions')
    .columns(['coupon_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('payment_events')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text')
    /** applied, ignored, or why it was refused (amount_mismatch, unknown_order, …). */
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('payment_events_pk', ['provider', 'event_id'])
    .execute();
  await db.schema.createIndex('payment_events_order').on('payment_events').column('order_id').execute();

  await db.schema
    .createTable('refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text')
    /** pending (sent to the provider), succeeded, failed. */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('provider_refund_ref', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .addUniqueConstraint('refunds_order_idempotency', ['order_id', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('refunds_order').on('refunds').columns(['order_id', 'id']).execute();
  await db.schema.createIndex('refunds_provider_ref').on('refunds').column('provider_refund_ref').execute();

  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('community_plans.id'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_ref', 'text', (c) => c.notNull())
    /** active, past_due (in grace), cancelling (ends at period end), ended. */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('current_period_end', 'bigint', (c) => c.notNull())
    .addColumn('grace_until', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('subscriptions_provider_ref', ['provider', 'provider_ref'])
    .execute();
  await db.schema.createIndex('subscriptions_user').on('subscriptions').columns(['user_id', 'id']).execute();

  await db.schema
    .createTable('payouts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id'))
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payouts_community').on('payouts').columns(['community_id', 'id']).execute();

  await db.schema
    .createTable('ledger_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** payment, refund, payout, renewal. */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('community_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text')
    .addColumn('refund_id', 'text')
    .addColumn('payout_id', 'text')
    .addColumn('memo', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ledger_entries_community')
    .on('ledger_entries')
    .columns(['community_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createTable('ledger_lines')
    .addColumn('entry_id', 'text', (c) => c.notNull().references('ledger_entries.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    /** buyer_payments, creator_payable, platform_revenue (see modules/payments/ledger.ts). */
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('community_id', 'text', (c) => c.notNull())
    /** Debit positive, credit negative; an entry's lines sum to zero per currency. */
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_lines_pk', ['entry_id', 'line_no'])
    .execute();
  await db.schema
    .createIndex('ledger_lines_account')
    .on('ledger_lines')
    .columns(['community_id', 'account', 'currency'])
    .execute();

  // A community without a row has the defaults (72-hour refund window).
  await db.schema
    .createTable('community_payment_settings')
    .addColumn('community_id', 'text', (c) => c.primaryKey().references('communities.id').onDelete('cascade'))
    .addColumn('refund_window_hours', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: as above
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'community_payment_settings',
    'ledger_lines',
    'ledger_entries',
    'payouts',
    'subscriptions',
    'refunds',
    'payment_events',
    'coupon_redemptions',
    'orders',
    'coupon_plans',
    'coupons',
  ])
    await db.schema.dropTable(table).execute();
}
