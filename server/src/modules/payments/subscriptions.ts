/**
 * Recurring plans. The first payment of a subscription order starts a `subscriptions` row; each
 * paid renewal books its money and carries the membership to the new period's end; a failed
 * renewal keeps access for a grace period; the provider's end of the subscription ends renewals
 * (the membership then lapses at its end like any other). Applied inside `applyEvent`'s
 * transaction, so each provider event counts once.
 */
import type { Kysely } from 'kysely';
import type { DB, OrdersTable } from '../../db/schema.js';
import { recordAudit } from '../../platform/audit.js';
import { newId } from '../../platform/ids.js';
import type { Outbox } from '../../platform/outbox.js';
import * as cq from '../communities/communities.queries.js';
import { DAY_MS, termEnd } from '../communities/membership-terms.js';
import { feeOf, paymentLines, writeEntry } from './ledger.js';
import type { ProviderEvent } from './providers/provider.js';

/** Access kept after a failed renewal while the provider retries the charge. */
export const RENEWAL_GRACE_MS = 3 * DAY_MS;
/** Carries a membership to `endsAt` (a renewal or a grace period), once per `sourceId`. */
export const SUBSCRIPTION_TERM_TOPIC = 'subscription.term';

export interface SubscriptionTerm {
  communityId: string;
  userId: string;
  planId: string;
  sourceId: string;
  endsAt: number;
  amountMinor: number;
  currency: string;
}

const findSubscription = (db: Kysely<DB>, provider: string, ref: string) =>
  db
    .selectFrom('subscriptions')
    .selectAll()
    .where('provider', '=', provider as OrdersTable['provider'])
    .where('provider_ref', '=', ref)
    .executeTakeFirst();

/** The first payment of a recurring plan: the subscription begins with the plan's first term. */
export async function startSubscription(
  tx: Kysely<DB>,
  order: OrdersTable,
  subscriptionRef: string,
  paidAt: number,
  now: number,
): Promise<void> {
  const plan = await cq.findPlan(tx, order.item_id);
  if (plan?.kind !== 'subscription') return;
  const id = newId();
  await tx
    .insertInto('subscriptions')
    .values({
      id,
      community_id: order.community_id,
      user_id: order.buyer_id,
      plan_id: plan.id,
      provider: order.provider,
      provider_ref: subscriptionRef,
      state: 'active',
      current_period_end: termEnd(plan, paidAt, true) ?? paidAt,
      grace_until: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await tx.updateTable('orders').set({ subscription_id: id }).where('id', '=', order.id).execute();
}

export async function applySubscriptionEvent(
  tx: Kysely<DB>,
  deps: { outbox: Outbox; platformFeeBasisPoints: number },
  provider: string,
  event: ProviderEvent,
  now: number,
): Promise<string> {
  if (event.kind === 'renewal_paid') {
    const sub = await findSubscription(tx, provider, event.subscriptionRef);
    if (!sub) return 'unknown_subscription';
    const order = await tx
      .selectFrom('orders')
      .select(['currency', 'settlement'])
      .where('subscription_id', '=', sub.id)
      .executeTakeFirst();
    if (order && order.currency !== event.currency) return 'amount_mismatch';
    await writeEntry(
      tx,
      {
        kind: 'renewal',
        community_id: sub.community_id,
        order_id: null,
        refund_id: null,
        payout_id: null,
        memo: `${provider} ${event.invoiceRef}`,
        created_at: now,
      },
      event.currency,
      // A renewal is charged to the same account as the first order.
      paymentLines(
        event.amountMinor,
        feeOf(event.amountMinor, deps.platformFeeBasisPoints),
        order?.settlement ?? 'platform',
      ),
    );
    await tx
      .updateTable('subscriptions')
      .set({ state: 'active', current_period_end: event.periodEnd, grace_until: null, updated_at: now })
      .where('id', '=', sub.id)
      .execute();
    await carryTo(
      tx,
      deps.outbox,
      sub,
      `renewal:${event.invoiceRef}`,
      event.periodEnd,
      event.amountMinor,
      event.currency,
    );
    await audit(
      tx,
      sub.id,
      'subscription.renewed',
      { invoiceRef: event.invoiceRef, periodEnd: event.periodEnd },
      now,
    );
    return 'applied';
  }
  if (event.kind === 'payment_failed' && event.subscriptionRef) {
    const sub = await findSubscription(tx, provider, event.subscriptionRef);
    if (!sub) return 'unknown_subscription';
    if (sub.state === 'ended') return 'ignored';
    const graceUntil = Math.max(Number(sub.current_period_end), now) + RENEWAL_GRACE_MS;
    await tx
      .updateTable('subscriptions')
      .set({ state: 'past_due', grace_until: graceUntil, updated_at: now })
      .where('id', '=', sub.id)
      .execute();
    await carryTo(tx, deps.outbox, sub, `grace:${provider}:${event.eventId}`, graceUntil, 0, null);
    await audit(tx, sub.id, 'subscription.renewal_failed', { graceUntil }, now);
    return 'applied';
  }
  if (event.kind === 'subscription_ended') {
    const sub = await findSubscription(tx, provider, event.subscriptionRef);
    if (!sub) return 'unknown_subscription';
    await tx
      .updateTable('subscriptions')
      .set({ state: 'ended', updated_at: now })
      .where('id', '=', sub.id)
      .execute();
    await audit(tx, sub.id, 'subscription.ended', {}, now);
    return 'applied';
  }
  return 'ignored';
}

async function carryTo(
  tx: Kysely<DB>,
  outbox: Outbox,
  sub: { community_id: string; user_id: string; plan_id: string },
  sourceId: string,
  endsAt: number,
  amountMinor: number,
  currency: string | null,
) {
  const term: SubscriptionTerm = {
    communityId: sub.community_id,
    userId: sub.user_id,
    planId: sub.plan_id,
    sourceId,
    endsAt,
    amountMinor,
    currency: currency ?? '',
  };
  await outbox.add(tx, SUBSCRIPTION_TERM_TOPIC, term);
}

const audit = (
  tx: Kysely<DB>,
  subscriptionId: string,
  action: string,
  data: Record<string, unknown>,
  now: number,
) =>
  recordAudit(
    tx,
    { actorId: null, action, subjectType: 'subscription', subjectId: subscriptionId, data },
    now,
  );
