import { isUniqueViolation } from '../../db/dialect.js';
import type { Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { conflict, forbidden, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import * as cq from '../communities/communities.queries.js';
import { CASH_ACCOUNTS, feesCollectedLines, payoutLines, writeEntry } from './ledger.js';
import { type OrdersService, type PaymentsDeps, requireUser } from './orders.service.js';
import { findPayoutByKey } from './payments.admin.queries.js';
import * as q from './payments.queries.js';
import { PaymentErrors, type PayoutInput, type RevenueDto } from './payments.schemas.js';

/** Money settled between the platform and a creator: paid to them, or their fees paid to us. */
type SettlementKind = 'payout' | 'fees_collected';

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
      .where('l.account', 'in', [...CASH_ACCOUNTS, 'creator_payable', 'platform_revenue', 'member_payable'])
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
          feesCollectedMinor: 0,
          commissionsMinor: 0,
          memberTipsMinor: 0,
          orders: 0,
        };
        byCurrency.set(currency, entry);
      }
      return entry;
    };
    for (const row of rows) {
      const entry = of(row.currency);
      const total = Number(row.total);
      const cash = CASH_ACCOUNTS.includes(row.account);
      if ((row.kind === 'payment' || row.kind === 'renewal') && cash) entry.grossMinor += total;
      if (row.account === 'platform_revenue') entry.feesMinor += -total;
      if (row.kind === 'refund' && cash) entry.refundsMinor += -total;
      if (row.kind === 'payout' && row.account === 'creator_payable') entry.paidOutMinor += total;
      if (row.kind === 'fees_collected' && row.account === 'creator_held') entry.feesCollectedMinor += -total;
      // What the platform owes the creator, less what the creator's own account holds for us.
      if (row.account === 'creator_payable' || row.account === 'creator_held') entry.balanceMinor += -total;
      // Commissions debit the creator's payable; refunds' reversals credit it back.
      if (
        (row.kind === 'referral_commission' || row.kind === 'referral_reversal') &&
        row.account === 'creator_payable'
      )
        entry.commissionsMinor += total;
      // Tips credited to members (less those refunded): money that passed through, not the creator's.
      if ((row.kind === 'payment' || row.kind === 'refund') && row.account === 'member_payable')
        entry.memberTipsMinor += -total;
    }
    for (const row of orderCounts) of(row.currency).orders = Number(row.orders);
    for (const entry of byCurrency.values())
      entry.netMinor =
        entry.grossMinor -
        entry.refundsMinor -
        entry.feesMinor -
        entry.commissionsMinor -
        entry.memberTipsMinor;
    return {
      communityId,
      currencies: [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
      refundWindowHours: await q.refundWindowHours(db, communityId),
    };
  }

  /** An operator records money sent to the creator; it cannot exceed what the creator is owed. */
  recordPayout(
    actor: Actor,
    communityId: string,
    input: PayoutInput & { note?: string },
    /** A repeated request with the same key records nothing more. */
    idempotencyKey?: string,
  ): Promise<RevenueDto> {
    return this.recordSettlement('payout', actor, communityId, input, idempotencyKey);
  }

  /**
   * An operator records fees a creator paid back for payments their own account received; it
   * cannot exceed what the creator owes (the negative part of the balance).
   */
  recordFeesCollected(
    actor: Actor,
    communityId: string,
    input: PayoutInput & { note?: string },
    idempotencyKey?: string,
  ): Promise<RevenueDto> {
    return this.recordSettlement('fees_collected', actor, communityId, input, idempotencyKey);
  }

  private async recordSettlement(
    kind: SettlementKind,
    actor: Actor,
    communityId: string,
    input: PayoutInput & { note?: string },
    idempotencyKey?: string,
  ): Promise<RevenueDto> {
    const self = requireUser(actor);
    if (self.user.role !== 'operator')
      throw forbidden('forbidden', 'Only an operator records payouts and fees collected.');
    if (!(await cq.findCommunityById(this.deps.db, communityId))) throw notFound('community');
    if (idempotencyKey && (await findPayoutByKey(this.deps.db, communityId, idempotencyKey)))
      return this.summary(communityId);
    const now = this.deps.clock.now();
    try {
      await this.recordSettlementOnce(kind, self, communityId, input, idempotencyKey, now);
    } catch (error) {
      if (!(idempotencyKey && isUniqueViolation(error))) throw error;
    }
    return this.summary(communityId);
  }

  private async recordSettlementOnce(
    kind: SettlementKind,
    self: ReturnType<typeof requireUser>,
    communityId: string,
    input: PayoutInput & { note?: string },
    idempotencyKey: string | undefined,
    now: number,
  ): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      // Serialises settlements of one community: the balance read below cannot change under us.
      await tx
        .updateTable('communities')
        .set((eb) => ({ updated_at: eb.ref('updated_at') }))
        .where('id', '=', communityId)
        .execute();
      // A concurrent repeat that waited for the lock finds the first one's record: nothing more to do
      // (checking the balance first would refuse it, as the first has already used the balance).
      if (idempotencyKey && (await findPayoutByKey(tx, communityId, idempotencyKey))) return;
      const balance =
        (await this.summary(communityId, tx)).currencies.find((c) => c.currency === input.currency)
          ?.balanceMinor ?? 0;
      if (kind === 'payout' && input.amountMinor > balance)
        throw conflict(
          PaymentErrors.payoutTooLarge,
          `The creator is owed ${Math.max(balance, 0)} ${input.currency} (minor units).`,
        );
      if (kind === 'fees_collected' && input.amountMinor > -balance)
        throw conflict(
          PaymentErrors.feesCollectedTooLarge,
          `The creator owes ${Math.max(-balance, 0)} ${input.currency} (minor units) in fees.`,
        );
      const id = newId();
      await tx
        .insertInto('payouts')
        .values({
          id,
          community_id: communityId,
          kind,
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
          kind,
          community_id: communityId,
          order_id: null,
          refund_id: null,
          payout_id: id,
          memo: input.reference,
          created_at: now,
        },
        input.currency,
        kind === 'payout' ? payoutLines(input.amountMinor) : feesCollectedLines(input.amountMinor),
      );
      await recordAudit(
        tx,
        {
          actorId: self.user.id,
          action: kind === 'payout' ? 'payout.recorded' : 'fees.collected',
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
