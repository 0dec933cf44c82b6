/**
 * Referral commissions in the caller's transaction: attribution when an order is made, the
 * commission entry when it is paid, its release when the refund window closes, and its reversal
 * by refunds. Each journal entry carries a dedupe key (order or refund + kind), so none is booked
 * twice, and each is audited.
 */
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/dialect.js';
import type { DB, OrdersTable, ReferralCommissionsTable, RefundsTable } from '../../db/schema.js';
import { recordAudit } from '../../platform/audit.js';
import { hashToken } from '../../platform/tokens.js';
import {
  commissionLines,
  commissionReleaseLines,
  commissionReversalLines,
  commissionReversalOf,
  writeEntry,
} from './ledger.js';

/** The last click within this long before an order attributes it. */
export const ATTRIBUTION_WINDOW_MS = 30 * 86_400_000;
/** The cookie a referral click sets, so an anonymous visitor who signs up later is still attributed. */
export const REFERRAL_COOKIE = 'zhishe_ref';

/** The commission on a paid amount: basis points, rounded down, never more than the creator's share. */
export const commissionOf = (amountMinor: number, feeMinor: number, commissionBp: number): number =>
  Math.max(0, Math.min(Math.floor((amountMinor * commissionBp) / 10_000), amountMinor - feeMinor));

/**
 * A new order is attributed to the referrer of the buyer's last click on this community within
 * 30 days (by account, or by the cookie the click set), when the plan has an enabled programme.
 * The buyer's own links never count.
 */
export async function attributeOrder(
  tx: Kysely<DB>,
  order: Pick<OrdersTable, 'id' | 'community_id' | 'buyer_id' | 'item_id' | 'currency'>,
  visitorCookie: string | undefined,
  now: number,
): Promise<ReferralCommissionsTable | null> {
  const program = await tx
    .selectFrom('referral_programs')
    .select(['commission_bp'])
    .where('plan_id', '=', order.item_id)
    .where('enabled', '=', 1)
    .executeTakeFirst();
  if (!program || program.commission_bp <= 0) return null;
  const visitorKey = visitorCookie ? hashToken(visitorCookie) : null;
  const click = await tx
    .selectFrom('referral_clicks')
    .select(['id', 'referrer_id'])
    .where('community_id', '=', order.community_id)
    .where('created_at', '>', now - ATTRIBUTION_WINDOW_MS)
    .where('created_at', '<=', now)
    .where('referrer_id', '!=', order.buyer_id)
    .where((eb) =>
      visitorKey
        ? eb.or([eb('visitor_id', '=', order.buyer_id), eb('visitor_key', '=', visitorKey)])
        : eb('visitor_id', '=', order.buyer_id),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!click) return null;
  const row: ReferralCommissionsTable = {
    order_id: order.id,
    community_id: order.community_id,
    referrer_id: click.referrer_id,
    click_id: click.id,
    commission_bp: program.commission_bp,
    commission_minor: 0,
    reversed_minor: 0,
    currency: order.currency,
    state: 'attributed',
    payable_at: null,
    created_at: now,
    updated_at: now,
  };
  await tx.insertInto('referral_commissions').values(row).execute();
  return row;
}

/** The commission row, locked for the rest of the transaction (see lockOrder). */
async function lockCommission(tx: Kysely<DB>, orderId: string) {
  await tx
    .updateTable('referral_commissions')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('order_id', '=', orderId)
    .execute();
  return tx.selectFrom('referral_commissions').selectAll().where('order_id', '=', orderId).executeTakeFirst();
}

/**
 * A paid order with a referrer: the commission moves from the creator's payable to the
 * referrer's pending account until the community's refund window has passed.
 */
export async function bookCommission(
  tx: Kysely<DB>,
  order: OrdersTable,
  feeMinor: number,
  paidAt: number,
  refundWindowHours: number,
  now: number,
): Promise<void> {
  const row = await lockCommission(tx, order.id);
  if (row?.state !== 'attributed') return;
  const commission = commissionOf(Number(order.amount_minor), feeMinor, row.commission_bp);
  const payableAt = paidAt + refundWindowHours * 3_600_000;
  await tx
    .updateTable('referral_commissions')
    .set({
      commission_minor: commission,
      state: commission > 0 ? 'pending' : 'reversed',
      payable_at: payableAt,
      updated_at: now,
    })
    .where('order_id', '=', order.id)
    .execute();
  if (commission === 0) return;
  await writeEntry(
    tx,
    {
      kind: 'referral_commission',
      community_id: order.community_id,
      order_id: order.id,
      refund_id: null,
      payout_id: null,
      memo: `referral ${row.commission_bp} bp`,
      dedupe_key: `${order.id}:referral_commission`,
      created_at: now,
    },
    order.currency,
    commissionLines(commission, row.referrer_id),
  );
  await recordAudit(
    tx,
    {
      actorId: null,
      action: 'referral.commission_booked',
      subjectType: 'order',
      subjectId: order.id,
      data: { referrerId: row.referrer_id, amountMinor: commission, currency: order.currency, payableAt },
    },
    now,
  );
}

/**
 * A booked refund takes back commission in proportion: from the pending account while the window
 * is open, from the referrer's payable balance after (which may then fall below zero, to be netted
 * against later commissions).
 */
export async function reverseCommission(
  tx: Kysely<DB>,
  order: OrdersTable,
  refund: RefundsTable,
  alreadyRefundedMinor: number,
  actorId: string | null,
  now: number,
): Promise<void> {
  const row = await lockCommission(tx, order.id);
  if (!row || (row.state !== 'pending' && row.state !== 'payable')) return;
  const commission = Number(row.commission_minor);
  const reversedBefore = Number(row.reversed_minor);
  const amount = commissionReversalOf({
    refundMinor: Number(refund.amount_minor),
    paidMinor: Number(order.amount_minor),
    alreadyRefundedMinor,
    commissionMinor: commission,
    reversedMinor: reversedBefore,
  });
  if (amount <= 0) return;
  const from = row.state === 'pending' ? 'referral_pending' : 'referral_payable';
  const reversed = reversedBefore + amount;
  await tx
    .updateTable('referral_commissions')
    .set({
      reversed_minor: reversed,
      state: reversed >= commission ? 'reversed' : row.state,
      updated_at: now,
    })
    .where('order_id', '=', order.id)
    .execute();
  await writeEntry(
    tx,
    {
      kind: 'referral_reversal',
      community_id: order.community_id,
      order_id: order.id,
      refund_id: refund.id,
      payout_id: null,
      memo: `refund ${refund.id}`,
      dedupe_key: `${refund.id}:referral_reversal`,
      created_at: now,
    },
    order.currency,
    commissionReversalLines(amount, row.referrer_id, from),
  );
  await recordAudit(
    tx,
    {
      actorId,
      action: 'referral.commission_reversed',
      subjectType: 'order',
      subjectId: order.id,
      data: { referrerId: row.referrer_id, refundId: refund.id, amountMinor: amount, from },
    },
    now,
  );
}

/** Commissions whose refund window has closed, oldest first. */
export const listDueCommissions = (db: Kysely<DB>, now: number, limit: number) =>
  db
    .selectFrom('referral_commissions')
    .select('order_id')
    .where('state', '=', 'pending')
    .where('payable_at', '<=', now)
    .orderBy('payable_at')
    .limit(limit)
    .execute();

/**
 * Makes one commission payable, once: the conditional update lets only one run (or process) win;
 * the entry's dedupe key stops a second booking even so. Returns whether this call released it.
 */
export async function releaseCommission(db: Kysely<DB>, orderId: string, now: number): Promise<boolean> {
  try {
    return await db.transaction().execute(async (tx) => {
      const won = await tx
        .updateTable('referral_commissions')
        .set({ state: 'payable', updated_at: now })
        .where('order_id', '=', orderId)
        .where('state', '=', 'pending')
        .where('payable_at', '<=', now)
        .executeTakeFirst();
      if (Number(won.numUpdatedRows) !== 1) return false;
      const row = await tx
        .selectFrom('referral_commissions')
        .selectAll()
        .where('order_id', '=', orderId)
        .executeTakeFirstOrThrow();
      const amount = Number(row.commission_minor) - Number(row.reversed_minor);
      if (amount <= 0) {
        await tx
          .updateTable('referral_commissions')
          .set({ state: 'reversed' })
          .where('order_id', '=', orderId)
          .execute();
        return false;
      }
      await writeEntry(
        tx,
        {
          kind: 'referral_release',
          community_id: row.community_id,
          order_id: orderId,
          refund_id: null,
          payout_id: null,
          memo: 'refund window closed',
          dedupe_key: `${orderId}:referral_release`,
          created_at: now,
        },
        row.currency,
        commissionReleaseLines(amount, row.referrer_id),
      );
      await recordAudit(
        tx,
        {
          actorId: null,
          action: 'referral.commission_payable',
          subjectType: 'order',
          subjectId: orderId,
          data: { referrerId: row.referrer_id, amountMinor: amount, currency: row.currency },
        },
        now,
      );
      return true;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}
