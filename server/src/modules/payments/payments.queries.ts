/** Kysely only: every function takes an executor (the database or a transaction). */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { CouponsTable, DB, GiftsTable, OrdersTable, RefundsTable } from '../../db/schema.js';

type Db = Kysely<DB>;

// ── orders ───────────────────────────────────────────────────────────────

export const findOrder = (db: Db, id: string) =>
  db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();

/**
 * The order row, locked for the rest of the transaction: a no-op update takes the row lock on
 * PostgreSQL and the write lock on SQLite, so concurrent notifications apply one after another.
 */
export async function lockOrder(db: Db, id: string) {
  await db
    .updateTable('orders')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', id)
    .execute();
  return findOrder(db, id);
}

export const findOrderByIdempotencyKey = (db: Db, buyerId: string, key: string) =>
  db
    .selectFrom('orders')
    .selectAll()
    .where('buyer_id', '=', buyerId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();

export const findOrderByProviderRef = (db: Db, provider: string, providerRef: string) =>
  db
    .selectFrom('orders')
    .selectAll()
    .where('provider', '=', provider as OrdersTable['provider'])
    .where('provider_ref', '=', providerRef)
    .executeTakeFirst();

export const insertOrder = (db: Db, row: Insertable<OrdersTable>) =>
  db.insertInto('orders').values(row).execute();

export const updateOrder = (db: Db, id: string, set: Updateable<OrdersTable>) =>
  db.updateTable('orders').set(set).where('id', '=', id).execute();

/** Orders of a buyer or of a community, newest first, keyset-paginated by id. */
export function listOrdersBy(
  db: Db,
  by: { buyerId: string } | { communityId: string },
  beforeId: string | null,
  limit: number,
) {
  let query = db
    .selectFrom('orders')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit + 1);
  query =
    'buyerId' in by
      ? query.where('buyer_id', '=', by.buyerId)
      : query.where('community_id', '=', by.communityId);
  if (beforeId) query = query.where('id', '<', beforeId);
  return query.execute();
}

/** Unpaid orders past their time, oldest first. */
export const listOverdueOrders = (db: Db, now: number, limit: number) =>
  db
    .selectFrom('orders')
    .select(['id'])
    .where('state', 'in', ['created', 'pending'])
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit)
    .execute();

// ── coupons ──────────────────────────────────────────────────────────────

export const findCouponByCode = (db: Db, communityId: string, code: string) =>
  db
    .selectFrom('coupons')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('code', '=', code.trim().toUpperCase())
    .executeTakeFirst();

export const findCoupon = (db: Db, id: string) =>
  db.selectFrom('coupons').selectAll().where('id', '=', id).executeTakeFirst();

/** The plans each coupon is limited to (none: every plan), for a page of coupons in one query. */
export async function couponPlanIdsOf(db: Db, couponIds: readonly string[]): Promise<Map<string, string[]>> {
  const byCoupon = new Map<string, string[]>(couponIds.map((id) => [id, []]));
  if (couponIds.length === 0) return byCoupon;
  const rows = await db
    .selectFrom('coupon_plans')
    .select(['coupon_id', 'plan_id'])
    .where('coupon_id', 'in', [...couponIds])
    .execute();
  for (const row of rows) byCoupon.get(row.coupon_id)?.push(row.plan_id);
  return byCoupon;
}

export const couponPlanIds = async (db: Db, couponId: string): Promise<string[]> =>
  (await couponPlanIdsOf(db, [couponId])).get(couponId) ?? [];

export const insertCoupon = (db: Db, row: Insertable<CouponsTable>) =>
  db.insertInto('coupons').values(row).execute();

export function listCoupons(db: Db, communityId: string, beforeId: string | null, limit: number) {
  let query = db
    .selectFrom('coupons')
    .selectAll()
    .where('community_id', '=', communityId)
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (beforeId) query = query.where('id', '<', beforeId);
  return query.execute();
}

/** Takes one use of the coupon if any is left; false when it is used up. */
export async function takeCouponUse(db: Db, couponId: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('coupons')
    .set((eb) => ({ redeemed: eb('redeemed', '+', 1), updated_at: now }))
    .where('id', '=', couponId)
    .where((eb) => eb.or([eb('max_redemptions', 'is', null), eb('redeemed', '<', eb.ref('max_redemptions'))]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export const giveBackCouponUse = (db: Db, couponId: string, now: number) =>
  db
    .updateTable('coupons')
    .set((eb) => ({ redeemed: eb('redeemed', '-', 1), updated_at: now }))
    .where('id', '=', couponId)
    .where('redeemed', '>', 0)
    .execute();

/** Whether the user holds or has used this coupon on another order. */
export const findUserRedemption = (db: Db, couponId: string, userId: string) =>
  db
    .selectFrom('coupon_redemptions')
    .select(['order_id', 'state'])
    .where('coupon_id', '=', couponId)
    .where('user_id', '=', userId)
    .where('state', 'in', ['held', 'used'])
    .executeTakeFirst();

// ── notifications, refunds ──────────────────────────────────────────────

export const findRefundByProviderRef = (db: Db, ref: string) =>
  db.selectFrom('refunds').selectAll().where('provider_refund_ref', '=', ref).executeTakeFirst();

export const findRefundByKey = (db: Db, orderId: string, key: string) =>
  db
    .selectFrom('refunds')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();

export const findRefund = (db: Db, id: string) =>
  db.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirst();

export const insertRefund = (db: Db, row: Insertable<RefundsTable>) =>
  db.insertInto('refunds').values(row).execute();

export const updateRefund = (db: Db, id: string, set: Updateable<RefundsTable>) =>
  db.updateTable('refunds').set(set).where('id', '=', id).execute();

export const listOrderRefunds = (db: Db, orderId: string) =>
  db.selectFrom('refunds').selectAll().where('order_id', '=', orderId).orderBy('id').execute();

/** The fee the ledger took on an order, and how much of it refunds have given back. */
export async function orderFeeFacts(
  db: Db,
  orderId: string,
): Promise<{ feeMinor: number; feeReturnedMinor: number }> {
  const rows = await db
    .selectFrom('ledger_lines as l')
    .innerJoin('ledger_entries as e', 'e.id', 'l.entry_id')
    .select(['e.kind', 'l.amount_minor'])
    .where('e.order_id', '=', orderId)
    .where('l.account', '=', 'platform_revenue')
    .execute();
  let feeMinor = 0;
  let feeReturnedMinor = 0;
  for (const row of rows) {
    if (row.kind === 'payment') feeMinor += -Number(row.amount_minor);
    if (row.kind === 'refund') feeReturnedMinor += Number(row.amount_minor);
  }
  return { feeMinor, feeReturnedMinor };
}

// ── settings ────────────────────────────────────────────────────────────

export const DEFAULT_REFUND_WINDOW_HOURS = 72;

/** Each community's self-service refund window in hours, for a page of orders in one query. */
export async function refundWindowsOf(db: Db, communityIds: readonly string[]): Promise<Map<string, number>> {
  const ids = [...new Set(communityIds)];
  const hours = new Map<string, number>(ids.map((id) => [id, DEFAULT_REFUND_WINDOW_HOURS]));
  if (ids.length === 0) return hours;
  const rows = await db
    .selectFrom('community_payment_settings')
    .select(['community_id', 'refund_window_hours'])
    .where('community_id', 'in', ids)
    .execute();
  for (const row of rows) hours.set(row.community_id, row.refund_window_hours);
  return hours;
}

export const refundWindowHours = async (db: Db, communityId: string): Promise<number> =>
  (await refundWindowsOf(db, [communityId])).get(communityId) ?? DEFAULT_REFUND_WINDOW_HOURS;

// ── gifts ───────────────────────────────────────────────────────────────

/** The gift rows of a page of orders, in one query. */
export async function giftsOfOrders(db: Db, orderIds: readonly string[]): Promise<Map<string, GiftsTable>> {
  const byOrder = new Map<string, GiftsTable>();
  if (orderIds.length === 0) return byOrder;
  const rows = await db
    .selectFrom('gifts')
    .selectAll()
    .where('order_id', 'in', [...orderIds])
    .execute();
  for (const row of rows) byOrder.set(row.order_id, row);
  return byOrder;
}
