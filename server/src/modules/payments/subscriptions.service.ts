import type { SubscriptionsTable } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { type OrdersService, type PaymentsDeps, requireUser } from './orders.service.js';
import { PaymentErrors, type SubscriptionDto } from './payments.schemas.js';

const present = (s: SubscriptionsTable): SubscriptionDto => ({
  id: s.id,
  communityId: s.community_id,
  planId: s.plan_id,
  provider: s.provider,
  state: s.state,
  currentPeriodEnd: Number(s.current_period_end),
  graceUntil: s.grace_until === null ? null : Number(s.grace_until),
  createdAt: Number(s.created_at),
});

/** A member's subscriptions, and stopping one at the end of its period. */
export class SubscriptionsService {
  constructor(
    private readonly deps: PaymentsDeps,
    private readonly orders: OrdersService,
  ) {}

  async listMine(actor: Actor): Promise<{ items: SubscriptionDto[] }> {
    const self = requireUser(actor);
    const rows = await this.deps.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('user_id', '=', self.user.id)
      .orderBy('id', 'desc')
      .limit(100)
      .execute();
    return { items: rows.map(present) };
  }

  /** The subscriber or the owner stops renewals; access lasts to the end of the paid period. */
  async cancel(actor: Actor, subscriptionId: string): Promise<SubscriptionDto> {
    const self = requireUser(actor);
    const { db, clock, log } = this.deps;
    const sub = await db
      .selectFrom('subscriptions')
      .selectAll()
      .where('id', '=', subscriptionId)
      .executeTakeFirst();
    if (!sub) throw notFound('subscription');
    if (sub.user_id !== self.user.id && !(await this.orders.managesCommunity(actor, sub.community_id)))
      throw notFound('subscription');
    if (sub.state === 'ended' || sub.state === 'cancelling') return present(sub);
    const provider = (await this.deps.providers.forCommunity(sub.community_id)).find(sub.provider);
    try {
      if (!provider?.cancelSubscription)
        throw new Error(`provider ${sub.provider} cannot cancel subscriptions`);
      await provider.cancelSubscription(sub.provider_ref);
    } catch (error) {
      log.error({ err: error, subscriptionId }, 'payment provider refused to cancel a subscription');
      throw new AppError(
        502,
        PaymentErrors.providerFailed,
        'The payment provider could not cancel the subscription.',
      );
    }
    const now = clock.now();
    const updated = await db.transaction().execute(async (tx) => {
      const result = await tx
        .updateTable('subscriptions')
        .set({ state: 'cancelling', updated_at: now })
        .where('id', '=', subscriptionId)
        .where('state', 'in', ['active', 'past_due'])
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0)
        throw conflict(PaymentErrors.notRefundable, 'This subscription has ended.');
      await recordAudit(
        tx,
        {
          actorId: self.user.id,
          action: 'subscription.cancelled',
          subjectType: 'subscription',
          subjectId: subscriptionId,
          data: {},
          ip: self.ip,
        },
        now,
      );
      return tx
        .selectFrom('subscriptions')
        .selectAll()
        .where('id', '=', subscriptionId)
        .executeTakeFirstOrThrow();
    });
    return present(updated);
  }
}
