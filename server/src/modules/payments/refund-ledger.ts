/**
 * A refund the provider has confirmed, applied in the caller's transaction: the refund row, the
 * order's refunded amount and state, the journal entry, the audit record, and — when nothing
 * is left of the order — the end of the membership it paid for (through the outbox).
 */
import type { Kysely } from 'kysely';
import type { DB, OrdersTable, RefundsTable } from '../../db/schema.js';
import { recordAudit } from '../../platform/audit.js';
import { newId } from '../../platform/ids.js';
import type { Outbox } from '../../platform/outbox.js';
import { refundGift } from './gifts.ledger.js';
import { refundLines, writeEntry } from './ledger.js';
import * as q from './payments.queries.js';
import type { ProviderEvent } from './providers/provider.js';
import { reverseCommission } from './referrals.ledger.js';

export const PAYMENT_REFUNDED_TOPIC = 'payment.refunded';

/** Marks a pending (or new) refund succeeded and books it; returns false when already booked. */
export async function completeRefund(
  tx: Kysely<DB>,
  outbox: Outbox,
  order: OrdersTable,
  refund: RefundsTable,
  providerRefundRef: string | null,
  actorId: string | null,
  now: number,
): Promise<boolean> {
  if (refund.state === 'succeeded') return false;
  const amount = Number(refund.amount_minor);
  const paid = Number(order.amount_minor);
  const already = Number(order.refunded_minor);
  const fee = await q.orderFeeFacts(tx, order.id);
  await q.updateRefund(tx, refund.id, {
    state: 'succeeded',
    provider_refund_ref: providerRefundRef ?? refund.provider_refund_ref,
    completed_at: now,
  });
  const refundedMinor = already + amount;
  const full = refundedMinor >= paid;
  await q.updateOrder(tx, order.id, {
    refunded_minor: refundedMinor,
    state: full ? 'refunded' : 'partially_refunded',
    updated_at: now,
  });
  await writeEntry(
    tx,
    {
      kind: 'refund',
      community_id: order.community_id,
      order_id: order.id,
      refund_id: refund.id,
      payout_id: null,
      memo: refund.reason,
      created_at: now,
    },
    order.currency,
    refundLines({
      refundMinor: amount,
      paidMinor: paid,
      alreadyRefundedMinor: already,
      feeMinor: fee.feeMinor,
      feeReturnedMinor: fee.feeReturnedMinor,
      settlement: order.settlement,
      payeeId: order.payee_id ?? null,
    }),
  );
  await reverseCommission(tx, order, refund, already, actorId, now);
  await recordAudit(
    tx,
    {
      actorId,
      action: full ? 'order.refunded' : 'order.partially_refunded',
      subjectType: 'order',
      subjectId: order.id,
      data: { refundId: refund.id, amountMinor: amount, currency: order.currency, reason: refund.reason },
    },
    now,
  );
  // A gift's refund voids its link or ends the recipient's membership; the buyer's is not touched.
  if (full && !(await refundGift(tx, outbox, order, refund.id, actorId, refund.reason, now)))
    await outbox.add(tx, PAYMENT_REFUNDED_TOPIC, {
      orderId: order.id,
      refundId: refund.id,
      actorId,
      reason: refund.reason,
    });
  return true;
}

/**
 * A refund notification: ours (sent from Zhishe, matched by the provider's refund id) completes;
 * one made in the provider's dashboard is recorded as a new refund.
 */
export async function applyProviderRefund(
  tx: Kysely<DB>,
  deps: { outbox: Outbox },
  provider: string,
  event: Extract<ProviderEvent, { kind: 'refunded' }>,
  now: number,
): Promise<string> {
  const known = await q.findRefundByProviderRef(tx, event.refundRef);
  const orderRow = known
    ? await q.findOrder(tx, known.order_id)
    : event.orderId
      ? await q.findOrder(tx, event.orderId)
      : await q.findOrderByProviderRef(tx, provider, event.providerRef);
  if (!orderRow || orderRow.provider !== provider) return 'unknown_order';
  const order = await q.lockOrder(tx, orderRow.id);
  if (!order) return 'unknown_order';
  if (event.currency !== order.currency) return 'amount_mismatch';
  if (known)
    return (await completeRefund(tx, deps.outbox, order, known, event.refundRef, null, now))
      ? 'applied'
      : 'already_refunded';
  if (order.state !== 'paid' && order.state !== 'partially_refunded') return 'not_refundable';
  const left = Number(order.amount_minor) - Number(order.refunded_minor);
  if (event.amountMinor <= 0 || event.amountMinor > left) return 'amount_mismatch';
  const refund: RefundsTable = {
    id: newId(),
    order_id: order.id,
    amount_minor: event.amountMinor,
    currency: order.currency,
    reason: `Refunded at ${provider}`,
    requested_by: null,
    state: 'pending',
    provider_refund_ref: event.refundRef,
    idempotency_key: null,
    created_at: now,
    completed_at: null,
  };
  await q.insertRefund(tx, refund);
  await completeRefund(tx, deps.outbox, order, refund, event.refundRef, null, now);
  return 'applied';
}
