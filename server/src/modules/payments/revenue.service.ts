import { isUniqueViolation } from '../../db/dialect.js';
import type { Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { conflict, forbidden, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import * as cq from '../communities/communities.queries.js';
import { payoutLines, writeEntry } from './ledger.js';
import { type OrdersService, type PaymentsDeps, requireUser } from './orders.service.js';
import { findPayoutByKey } from './payments.admin.queries.js';
import * as q from './payments.queries.js';
import { PaymentErrors, type PayoutInput, type RevenueDto } from './payments.schemas.js';

/** What a community earned, from the journal alone; payouts recorded by an operator. */
export class RevenueService {
  constructor(
    private readonly deps: PaymentsDeps,
    private readonly orders: OrdersService,
  ) {}

  async revenue(actor: Actor, communityId: string): Promise<RevenueDto> {
    if (!(await cq.findCommunityById(this.deps.db, communityId))) throw notFound('community');
    await this.orders.requireManager(actor, communityId);
    return this.summary(communityId);
  }

  /** `db` is a transaction when the caller must read the balance under its own lock. */
  async summary(communityId: string, db: PaymentsDeps['db'] = this.deps.db): Promise<RevenueDto> {
    // Each entry kind's lines per account: gross = payments into buyer_payments, and so on.
    const rows = await db
      .selectFrom('ledger_lines as l')
      .innerJoin('ledger_entries as e', 'e.id', 'l.entry_id')
      .select([
        'l.currency',
        'e.kind',
        'l.account',
        (eb) => eb.fn.sum<number | string>('l.amount_minor').as('total'),
      ])
      .where('l.community_id', '=', communityId)
      .where('l.account', 'in', ['buyer_payments', 'creator_payable', 'platform_revenue'])
      .groupBy(['l.currency', 'e.kind', 'l.account'])
      .execute();
    const orderCounts = await db
      .selectFrom('ledger_entries as e')
      .innerJoin('orders as o', 'o.id', 'e.order_id')
      .select(['o.currency', (eb) => eb.fn.count<number | string>('e.id').as('orders')])
      .where('e.community_id', '=', communityId)
      .where('e.kind', '=', 'payment')
      .groupBy('o.currency')
      .execute();
    const byCurrency = new Map<string, RevenueDto['currencies'][number]>();
    const of = (currency: string) => {
      let entry = byCurrency.get(currency);
      if (!entry) {
        entry = {
          currency,
          grossMinor: 0,
          feesMinor: 0,
          refundsMinor: 0,
          netMinor: 0,
          paidOutMinor: 0,
          balanceMinor: 0,
          commissionsMinor: 0,
          orders: 0,
        };
        byCurrency.set(currency, entry);
      }
      return entry;
    };
    for (const row of rows) {
      const entry = of(row.currency);
      const total = Number(row.total);
      if (row.kind === 'payment' && row.account === 'buyer_payments') entry.grossMinor += total;
      if (row.account === 'platform_revenue') entry.feesMinor += -total;
      if (row.kind === 'refund' && row.account === 'buyer_payments') entry.refundsMinor += -total;
      if (row.kind === 'payout' && row.account === 'creator_payable') entry.paidOutMinor += total;
      if (row.account === 'creator_payable') entry.balanceMinor += -total;
      // Commissions debit the creator's payable; refunds' reversals credit it back.
      if (
        (row.kind === 'referral_commission' || row.kind === 'referral_reversal') &&
        row.account === 'creator_payable'
      )
        entry.commissionsMinor += total;
    }
    for (const row of orderCounts) of(row.currency).orders = Number(row.orders);
    for (const entry of byCurrency.values())
      entry.netMinor = entry.grossMinor - entry.refundsMinor - entry.feesMinor - entry.commissionsMinor;
    return {
      communityId,
      currencies: [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
      refundWindowHours: await q.refundWindowHours(db, communityId),
    };
  }

  /** An operator records money sent to the creator; it cannot exceed what the creator is owed. */
  async recordPayout(
    actor: Actor,
    communityId: string,
    input: PayoutInput & { note?: string },
    /** A repeated request with the same key records nothing more. */
    idempotencyKey?: string,
  ): Promise<RevenueDto> {
    const self = requireUser(actor);
    if (self.user.role !== 'operator') throw forbidden('forbidden', 'Only an operator records payouts.');
    if (!(await cq.findCommunityById(this.deps.db, communityId))) throw notFound('community');
    if (idempotencyKey && (await findPayoutByKey(this.deps.db, communityId, idempotencyKey)))
      return this.summary(communityId);
    const now = this.deps.clock.now();
    try {
      await this.recordPayoutOnce(self, communityId, input, idempotencyKey, now);
    } catch (error) {
      if (!(idempotencyKey && isUniqueViolation(error))) throw error;
    }
    return this.summary(communityId);
  }

  private async recordPayoutOnce(
    self: ReturnType<typeof requireUser>,
    communityId: string,
    input: PayoutInput & { note?: string },
    idempotencyKey: string | undefined,
    now: number,
  ): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      // Serialises payouts of one community: the balance read below cannot change under us.
      await tx
        .updateTable('communities')
        .set((eb) => ({ updated_at: eb.ref('updated_at') }))
        .where('id', '=', communityId)
        .execute();
      const balance = (await this.summary(communityId, tx)).currencies.find(
        (c) => c.currency === input.currency,
      );
      if (!balance || input.amountMinor > balance.balanceMinor)
        throw conflict(
          PaymentErrors.payoutTooLarge,
          `The creator is owed ${balance?.balanceMinor ?? 0} ${input.currency} (minor units).`,
        );
      const id = newId();
      await tx
        .insertInto('payouts')
        .values({
          id,
          community_id: communityId,
          amount_minor: input.amountMinor,
          currency: input.currency,
          reference: input.reference,
          note: input.note ?? null,
          idempotency_key: idempotencyKey ?? null,
          recorded_by: self.user.id,
          created_at: now,
        })
        .execute();
      await writeEntry(
        tx,
        {
          kind: 'payout',
          community_id: communityId,
          order_id: null,
          refund_id: null,
          payout_id: id,
          memo: input.reference,
          created_at: now,
        },
        input.currency,
        payoutLines(input.amountMinor),
      );
      await recordAudit(
        tx,
        {
          actorId: self.user.id,
          action: 'payout.recorded',
          subjectType: 'community',
          subjectId: communityId,
          data: {
            payoutId: id,
            amountMinor: input.amountMinor,
            currency: input.currency,
            reference: input.reference,
          },
          ip: self.ip,
        },
        now,
      );
    });
  }

  async setRefundWindow(actor: Actor, communityId: string, hours: number): Promise<RevenueDto> {
    const self = requireUser(actor);
    if (!(await cq.findCommunityById(this.deps.db, communityId))) throw notFound('community');
    await this.orders.requireManager(actor, communityId);
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('community_payment_settings')
        .values({ community_id: communityId, refund_window_hours: hours, updated_at: now })
        .onConflict((oc) =>
          oc.column('community_id').doUpdateSet({ refund_window_hours: hours, updated_at: now }),
        )
        .execute();
      await recordAudit(
        tx,
        {
          actorId: self.user.id,
          action: 'payments.refund_window_set',
          subjectType: 'community',
          subjectId: communityId,
          data: { hours },
          ip: self.ip,
        },
        now,
      );
    });
    return this.summary(communityId);
  }
}
