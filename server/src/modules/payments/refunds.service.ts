import { isUniqueViolation } from '../../db/dialect.js';
import type { RefundsTable } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError, conflict, invalidField, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { type OrdersService, type PaymentsDeps, requireUser } from './orders.service.js';
import { presentRefund } from './payments.presenter.js';
import * as q from './payments.queries.js';
import { PaymentErrors, type RefundDto, type RefundInput } from './payments.schemas.js';
import { completeRefund } from './refund-ledger.js';

/**
 * Refunds: full or partial by the owner or an operator at any time; a buyer's own, whole, within
 * the community's refund window. The refund is recorded pending before the provider is asked,
 * so a crash in between leaves a trace, and booked when the provider confirms.
 */
export class RefundsService {
  constructor(
    private readonly deps: PaymentsDeps,
    private readonly orders: OrdersService,
  ) {}

  async refund(
    actor: Actor,
    orderId: string,
    input: RefundInput,
    idempotencyKey?: string,
  ): Promise<RefundDto> {
    const self = requireUser(actor);
    const found = await q.findOrder(this.deps.db, orderId);
    if (!found) throw notFound('order');
    const manager = await this.orders.managesCommunity(actor, found.community_id);
    if (!manager && found.buyer_id !== self.user.id) throw notFound('order');
    return presentRefund(
      await this.request(
        orderId,
        input,
        { userId: self.user.id, manager, ...(self.ip ? { ip: self.ip } : {}) },
        idempotencyKey,
      ),
    );
  }

  /**
   * A whole refund the site makes on its own (a paid question left unanswered past its due date),
   * with the manager's rights and no person as its author.
   */
  async refundBySystem(orderId: string, reason: string, idempotencyKey: string): Promise<RefundDto> {
    return presentRefund(
      await this.request(orderId, { reason }, { userId: null, manager: true }, idempotencyKey),
    );
  }

  private async request(
    orderId: string,
    input: RefundInput,
    by: { userId: string | null; manager: boolean; ip?: string },
    idempotencyKey?: string,
  ): Promise<RefundsTable> {
    const { db, clock } = this.deps;
    const { manager } = by;
    if (idempotencyKey) {
      const earlier = await q.findRefundByKey(db, orderId, idempotencyKey);
      if (earlier) return earlier;
    }
    const now = clock.now();
    const { refund, fresh } = await db
      .transaction()
      .execute(async (tx) => {
        const order = await q.lockOrder(tx, orderId);
        if (!order) throw notFound('order');
        // A retry that waited for the lock while the first request booked its refund gets that refund.
        if (idempotencyKey) {
          const earlier = await q.findRefundByKey(tx, orderId, idempotencyKey);
          if (earlier) return { refund: earlier, fresh: false };
        }
        if (order.state !== 'paid' && order.state !== 'partially_refunded')
          throw conflict(PaymentErrors.notRefundable, `This order is ${order.state}.`);
        const left = Number(order.amount_minor) - Number(order.refunded_minor);
        const amount = input.amountMinor ?? left;
        if (left <= 0 || amount > left)
          throw invalidField('amountMinor', 'too_large', `amountMinor must be at most ${left}`);
        const pending = (await q.listOrderRefunds(tx, orderId)).some((r) => r.state === 'pending');
        if (pending)
          throw conflict(PaymentErrors.notRefundable, 'A refund of this order is already under way.');
        if (!manager) {
          const until = await this.orders.selfRefundUntil(order, tx);
          if (until === null || now >= until)
            throw new AppError(
              403,
              PaymentErrors.refundWindowClosed,
              'The refund window for this order has closed.',
            );
          if (amount !== left)
            throw invalidField('amountMinor', 'whole_only', 'amountMinor: buyers refund the whole order');
        }
        const row: RefundsTable = {
          id: newId(),
          order_id: orderId,
          amount_minor: amount,
          currency: order.currency,
          reason: input.reason,
          requested_by: by.userId,
          state: 'pending',
          provider_refund_ref: null,
          idempotency_key: idempotencyKey ?? null,
          created_at: now,
          completed_at: null,
        };
        await q.insertRefund(tx, row);
        await recordAudit(
          tx,
          {
            actorId: by.userId,
            action: 'refund.requested',
            subjectType: 'order',
            subjectId: orderId,
            data: {
              refundId: row.id,
              amountMinor: amount,
              reason: input.reason,
              by: by.userId === null ? 'system' : manager ? 'manager' : 'buyer',
            },
            ...(by.ip ? { ip: by.ip } : {}),
          },
          now,
        );
        return { refund: row, fresh: true };
      })
      .catch(async (error) => {
        if (idempotencyKey && isUniqueViolation(error)) {
          const earlier = await q.findRefundByKey(db, orderId, idempotencyKey);
          if (earlier) return { refund: earlier, fresh: false };
        }
        throw error;
      });
    if (!fresh) return refund;
    return this.send(refund, by.userId);
  }

  /** Asks the provider; books the refund at once when it says done, else waits for its notification. */
  private async send(refund: RefundsTable, actorId: string | null): Promise<RefundsTable> {
    const { db, clock, log, outbox } = this.deps;
    const order = await q.findOrder(db, refund.order_id);
    if (!order) throw notFound('order');
    const provider = (await this.deps.providers.forCommunity(order.community_id)).find(order.provider);
    let result: { refundRef: string; state: 'succeeded' | 'pending' };
    try {
      if (!provider) throw new Error(`provider ${order.provider} is not configured`);
      result = await provider.refund({
        orderId: order.id,
        providerRef: order.provider_ref ?? '',
        refundId: refund.id,
        amountMinor: Number(refund.amount_minor),
        paidMinor: Number(order.amount_minor),
        currency: order.currency,
        reason: refund.reason,
      });
    } catch (error) {
      log.error({ err: error, orderId: order.id, refundId: refund.id }, 'payment provider refused a refund');
      await q.updateRefund(db, refund.id, { state: 'failed', completed_at: clock.now() });
      throw new AppError(
        502,
        PaymentErrors.providerFailed,
        'The payment provider could not make the refund.',
      );
    }
    await db.transaction().execute(async (tx) => {
      const locked = await q.lockOrder(tx, order.id);
      const current = await q.findRefund(tx, refund.id);
      if (!locked || !current) return;
      if (result.state === 'succeeded')
        await completeRefund(tx, outbox, locked, current, result.refundRef, actorId, clock.now());
      else await q.updateRefund(tx, refund.id, { provider_refund_ref: result.refundRef });
    });
    outbox.wake();
    return (await q.findRefund(db, refund.id)) ?? refund;
  }

  async listRefunds(actor: Actor, orderId: string): Promise<{ items: RefundDto[] }> {
    await this.orders.getOrder(actor, orderId);
    return { items: (await q.listOrderRefunds(this.deps.db, orderId)).map(presentRefund) };
  }
}
