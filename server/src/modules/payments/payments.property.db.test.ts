import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  insertCommunity,
  insertMembership,
  insertPlan,
  registerUser,
  setupOperator,
  type TestUser,
} from '../../../test/content-fixtures.js';
import { createTestApp, settleOutbox, type TestApp } from '../../../test/test-app.js';
import type { UserActor } from '../../platform/actor.js';
import { ManualClock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { ProviderEvent } from './providers/provider.js';

const clock = new ManualClock(Date.UTC(2026, 6, 1));
let t: TestApp;
let operator: TestUser;
let owner: TestUser;
let buyers: TestUser[];
let referrer: TestUser;

beforeAll(async () => {
  t = await createTestApp({ clock, platformFeePercent: '7.5' });
  operator = await setupOperator(t);
  owner = await registerUser(t);
  buyers = [await registerUser(t), await registerUser(t), await registerUser(t)];
  referrer = await registerUser(t);
});
afterAll(async () => {
  await t?.close();
});

const actorOf = (u: TestUser, role: 'user' | 'operator' = 'user'): UserActor => ({
  kind: 'user',
  sessionId: 's',
  ip: null,
  user: {
    id: u.id,
    email: u.email,
    displayName: 'x',
    locale: 'en',
    role,
    emailVerifiedAt: 0,
    createdAt: 0,
  },
});

const settle = () => settleOutbox(t, clock.now());

// Weighted so that most runs order, pay and refund the same buyer's order more than once.
const step = fc.oneof(
  {
    weight: 3,
    // `own`: paid into the community's own provider account (creator_held) instead of the platform's.
    arbitrary: fc.record({ op: fc.constant('order' as const), buyer: fc.nat(2), own: fc.boolean() }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('pay' as const), buyer: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('replay' as const), pick: fc.nat(10) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('refund' as const),
      buyer: fc.nat(2),
      // Full refunds as often as partial ones.
      share: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('payout' as const),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
  // The creator pays back part of the fees they hold.
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('collect' as const),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
  // The refund window passes and the referral job runs.
  { weight: 1, arbitrary: fc.record({ op: fc.constant('release' as const) }) },
);

it('the journal balances, every account holds what it should, memberships follow orders', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 50_000 }),
      fc.array(step, { minLength: 6, maxLength: 24, size: 'max' }),
      fc.integer({ min: 0, max: 9_000 }),
      async (price, steps, commissionBp) => {
        const communityId = await insertCommunity(t.db, owner.id, clock.now());
        const planId = await insertPlan(t.db, communityId, clock.now());
        await t.db
          .updateTable('community_plans')
          .set({ price_minor: price })
          .where('id', '=', planId)
          .execute();
        const { orders, refunds, revenue, referrals } = t.app.services.payments;
        // Every buyer came through the referrer's link, so each order carries a commission.
        await insertMembership(t.db, { communityId, userId: referrer.id, planId, startsAt: clock.now() });
        await referrals.setProgram(actorOf(owner), planId, {
          enabled: true,
          commissionBasisPoints: commissionBp,
        });
        const { code } = await referrals.referralLink(actorOf(referrer), communityId);
        for (const b of buyers) await referrals.recordClick({ ...actorOf(b), ip: newId() }, code, undefined);
        const paidEvents: ProviderEvent[] = [];
        /** Each buyer's orders, oldest first. */
        const history = new Map<string, string[]>(buyers.map((b) => [b.id, []]));

        const latestOrder = async (buyerId: string) => {
          const id = history.get(buyerId)?.at(-1);
          return id
            ? t.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
            : undefined;
        };

        for (const s of steps) {
          const buyer = 'buyer' in s ? buyers[s.buyer] : undefined;
          if (s.op === 'order' && buyer) {
            const latest = await latestOrder(buyer.id);
            // One order at a time: a second one while the first is open or paid would extend it.
            if (latest && latest.state !== 'refunded') continue;
            const { order, created } = await orders.createOrder(actorOf(buyer), { planId, provider: 'test' });
            expect(created).toBe(true);
            expect(order.amountMinor).toBe(price);
            expect(order.settlement).toBe('platform');
            // The test provider stands in for a community's own account (settlement.db.test.ts
            // takes that path with real keys); the journal reads only the order's settlement.
            if (s.own)
              await t.db
                .updateTable('orders')
                .set({ settlement: 'community' })
                .where('id', '=', order.id)
                .execute();
            history.get(buyer.id)?.push(order.id);
          } else if (s.op === 'pay' && buyer) {
            const latest = await latestOrder(buyer.id);
            if (latest?.state !== 'pending') continue;
            const event: ProviderEvent = {
              kind: 'payment_succeeded',
              eventId: `pay:${latest.id}`,
              orderId: latest.id,
              providerRef: latest.provider_ref ?? '',
              amountMinor: price,
              currency: 'CNY',
              paidAt: clock.now(),
            };
            expect(await orders.applyEvent('test', event)).toBe('applied');
            paidEvents.push(event);
          } else if (s.op === 'replay') {
            const event = paidEvents[s.pick % Math.max(1, paidEvents.length)];
            if (!event) continue;
            expect(await orders.applyEvent('test', event)).toBe('replay');
          } else if (s.op === 'refund' && buyer) {
            const latest = await latestOrder(buyer.id);
            if (!latest || (latest.state !== 'paid' && latest.state !== 'partially_refunded')) continue;
            const left = Number(latest.amount_minor) - Number(latest.refunded_minor);
            const amount = Math.max(1, Math.ceil(s.share * left));
            const refund = await refunds.refund(actorOf(owner), latest.id, {
              amountMinor: amount,
              reason: 'test',
            });
            expect(refund).toMatchObject({ amountMinor: amount, state: 'succeeded' });
          } else if (s.op === 'payout') {
            const balance = (await revenue.summary(communityId)).currencies[0]?.balanceMinor ?? 0;
            const amount = Math.floor(s.share * balance);
            if (amount <= 0) continue;
            await revenue.recordPayout(actorOf(operator, 'operator'), communityId, {
              amountMinor: amount,
              currency: 'CNY',
              reference: 'payout',
            });
          } else if (s.op === 'collect') {
            const balance = (await revenue.summary(communityId)).currencies[0]?.balanceMinor ?? 0;
            const amount = Math.floor(s.share * -balance);
            if (amount <= 0) continue;
            await revenue.recordFeesCollected(actorOf(operator, 'operator'), communityId, {
              amountMinor: amount,
              currency: 'CNY',
              reference: 'fees',
            });
          } else if (s.op === 'release') {
            clock.advance(73 * 3_600_000);
            await referrals.releaseDue();
          }
          await settle();

          // Every entry balances.
          const lines = await t.db
            .selectFrom('ledger_lines')
            .select(['entry_id', 'amount_minor'])
            .where('community_id', '=', communityId)
            .execute();
          const sums = new Map<string, number>();
          for (const l of lines) sums.set(l.entry_id, (sums.get(l.entry_id) ?? 0) + Number(l.amount_minor));
          for (const sum of sums.values()) expect(sum).toBe(0);

          // The platform never holds less than nothing. What the platform holds is exactly what it owes the creator, its fees and the referrers'
          // commissions; the creator owes the platform only while they hold its money.
          const summary = (await revenue.summary(communityId)).currencies[0];
          const accountSums = await t.db
            .selectFrom('ledger_lines')
            .select(['account', (eb) => eb.fn.sum<number | string>('amount_minor').as('total')])
            .where('community_id', '=', communityId)
            .groupBy('account')
            .execute();
          const sumOf = (account: string) =>
            Number(accountSums.find((row) => row.account === account)?.total ?? 0);
          const platformHolds = sumOf('buyer_payments');
          const creatorHolds = sumOf('creator_held');
          expect(platformHolds).toBeGreaterThanOrEqual(0);
          // The creator's account never refunds more than it received through us; fees it sent
          // the platform came out of it too, so only received − refunded is never negative (a
          // refund after fees were collected can leave the platform owing part of them back).
          expect(creatorHolds + (summary?.feesCollectedMinor ?? 0)).toBeGreaterThanOrEqual(0);
          if (summary) {
            expect(summary.balanceMinor).toBe(0 - sumOf('creator_payable') - creatorHolds);
            expect(platformHolds).toBe(summary.balanceMinor + summary.feesMinor + summary.commissionsMinor);
            expect(summary.netMinor).toBe(summary.balanceMinor + summary.paidOutMinor + creatorHolds);
            expect(summary.feesMinor).toBeGreaterThanOrEqual(0);
            expect(summary.commissionsMinor).toBeGreaterThanOrEqual(0);
            if (creatorHolds === 0 && summary.feesCollectedMinor === 0)
              expect(summary.balanceMinor).toBeGreaterThanOrEqual(0);
          }

          // The referrer is never owed less than nothing, and is owed what the commission rows say.
          const held = await t.db
            .selectFrom('ledger_lines')
            .select(['account', (eb) => eb.fn.sum<number | string>('amount_minor').as('total')])
            .where('community_id', '=', communityId)
            .where('party_id', '=', referrer.id)
            .groupBy('account')
            .execute();
          for (const row of held) expect(-Number(row.total)).toBeGreaterThanOrEqual(0);
          const rows = await t.db
            .selectFrom('referral_commissions')
            .select(['commission_minor', 'reversed_minor'])
            .where('community_id', '=', communityId)
            .execute();
          expect(held.reduce((sum, row) => sum - Number(row.total), 0)).toBe(
            rows.reduce((sum, r) => sum + Number(r.commission_minor) - Number(r.reversed_minor), 0),
          );

          // Each buyer's membership follows their latest order.
          for (const b of buyers) {
            const ids = history.get(b.id) ?? [];
            const membership = await t.db
              .selectFrom('memberships')
              .selectAll()
              .where('community_id', '=', communityId)
              .where('user_id', '=', b.id)
              .executeTakeFirst();
            const states = await Promise.all(
              ids.map(
                async (id) =>
                  (
                    await t.db
                      .selectFrom('orders')
                      .select('state')
                      .where('id', '=', id)
                      .executeTakeFirstOrThrow()
                  ).state,
              ),
            );
            const lastPaid = states.filter((state) => state !== 'pending' && state !== 'created').at(-1);
            if (lastPaid === 'paid' || lastPaid === 'partially_refunded')
              expect(membership?.state).toBe('active');
            else if (lastPaid === 'refunded') expect(membership?.state).toBe('refunded');
            else expect(membership).toBeUndefined();

            // Each paid order granted once, each full refund ended once.
            for (const [i, id] of ids.entries()) {
              const grants = await t.db
                .selectFrom('membership_events')
                .select('id')
                .where('source_kind', '=', 'order')
                .where('source_id', '=', id)
                .execute();
              expect(grants).toHaveLength(states[i] === 'pending' ? 0 : 1);
              const entries = await t.db
                .selectFrom('ledger_entries')
                .select('kind')
                .where('order_id', '=', id)
                .execute();
              expect(entries.filter((e) => e.kind === 'payment')).toHaveLength(
                states[i] === 'pending' ? 0 : 1,
              );
            }
          }
        }

        // A fully refunded order nets every account to zero.
        for (const ids of history.values())
          for (const id of ids) {
            const order = await t.db
              .selectFrom('orders')
              .selectAll()
              .where('id', '=', id)
              .executeTakeFirstOrThrow();
            if (order.state !== 'refunded') continue;
            const lines = await t.db
              .selectFrom('ledger_lines as l')
              .innerJoin('ledger_entries as e', 'e.id', 'l.entry_id')
              .select(['l.account', 'l.amount_minor'])
              .where('e.order_id', '=', id)
              .execute();
            for (const account of [
              'buyer_payments',
              'creator_held',
              'creator_payable',
              'platform_revenue',
              'referral_pending',
              'referral_payable',
            ])
              expect(
                lines
                  .filter((l) => l.account === account)
                  .reduce((sum, l) => sum + Number(l.amount_minor), 0),
              ).toBe(0);
          }
      },
    ),
    { numRuns: 20 },
  );
  // Twenty random histories of up to a few dozen money movements each, every one a real
  // transaction: on PostgreSQL, next to the rest of the suite, this takes longer than the default.
}, 180_000);
