import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  feeOf,
  feesCollectedLines,
  isBalanced,
  type LedgerLine,
  paymentLines,
  payoutLines,
  refundLines,
} from './ledger.js';

const amountOf = (lines: LedgerLine[], account: LedgerLine['account']) =>
  lines.filter((l) => l.account === account).reduce((sum, l) => sum + l.amountMinor, 0);

describe('feeOf', () => {
  it.each([
    [10_000, 500, 500],
    [19_900, 500, 995],
    // 999 × 5 % = 49.95 → 50
    [999, 500, 50],
    // 10 × 5 % = 0.5 → 1 (half up); 9 × 5 % = 0.45 → 0
    [10, 500, 1],
    [9, 500, 0],
    // 333 × 12.34 % = 41.0922 → 41
    [333, 1_234, 41],
    [12_345, 0, 0],
    [0, 500, 0],
  ])('%i at %i basis points is %i', (amount, bp, fee) => {
    expect(feeOf(amount, bp)).toBe(fee);
  });
});

describe('paymentLines', () => {
  it('takes the money in, owes the creator the rest after the fee', () => {
    const lines = paymentLines(19_900, 995);
    expect(lines).toEqual([
      { account: 'buyer_payments', amountMinor: 19_900 },
      { account: 'creator_payable', amountMinor: -18_905 },
      { account: 'platform_revenue', amountMinor: -995 },
    ]);
    expect(isBalanced(lines)).toBe(true);
  });
});

describe('a payee other than the creator (a tip to a member)', () => {
  it("credits the member's own account and gives it back on a refund", () => {
    const paid = paymentLines(1_000, 50, 'platform', 'member-1');
    expect(paid).toEqual([
      { account: 'buyer_payments', amountMinor: 1_000 },
      { account: 'member_payable', amountMinor: -950, partyId: 'member-1' },
      { account: 'platform_revenue', amountMinor: -50 },
    ]);
    const refund = refundLines({
      refundMinor: 1_000,
      paidMinor: 1_000,
      alreadyRefundedMinor: 0,
      feeMinor: 50,
      feeReturnedMinor: 0,
      payeeId: 'member-1',
    });
    expect(refund).toContainEqual({ account: 'member_payable', amountMinor: 950, partyId: 'member-1' });
    expect(refund.some((l) => l.account === 'creator_payable')).toBe(false);
    for (const account of ['buyer_payments', 'member_payable', 'platform_revenue'] as const)
      expect(amountOf([...paid, ...refund], account)).toBe(0);
  });
});

describe("a community's own account", () => {
  it('books the money as held by the creator, who then owes the fee', () => {
    const lines = paymentLines(19_900, 995, 'community');
    expect(lines).toEqual([
      { account: 'creator_held', amountMinor: 19_900 },
      { account: 'creator_payable', amountMinor: -18_905 },
      { account: 'platform_revenue', amountMinor: -995 },
    ]);
    // The creator's balance: payable credit less held debit.
    expect(-amountOf(lines, 'creator_payable') - amountOf(lines, 'creator_held')).toBe(-995);
  });

  it('refunds out of the creator-held money, and a full refund nets to zero', () => {
    const paid = paymentLines(10_000, 500, 'community');
    const refund = refundLines({
      refundMinor: 10_000,
      paidMinor: 10_000,
      alreadyRefundedMinor: 0,
      feeMinor: 500,
      feeReturnedMinor: 0,
      settlement: 'community',
    });
    expect(amountOf(refund, 'creator_held')).toBe(-10_000);
    expect(amountOf(refund, 'buyer_payments')).toBe(0);
    for (const account of ['creator_held', 'creator_payable', 'platform_revenue'] as const)
      expect(amountOf([...paid, ...refund], account)).toBe(0);
  });

  it('fees collected move money from the creator to the platform', () => {
    const lines = feesCollectedLines(995);
    expect(lines).toEqual([
      { account: 'buyer_payments', amountMinor: 995 },
      { account: 'creator_held', amountMinor: -995 },
    ]);
    expect(isBalanced(lines)).toBe(true);
  });
});

describe('refundLines', () => {
  it('returns the fee in proportion to a partial refund', () => {
    // paid 10 000 with a 500 fee; refund 3 000 → 150 of the fee back
    const lines = refundLines({
      refundMinor: 3_000,
      paidMinor: 10_000,
      alreadyRefundedMinor: 0,
      feeMinor: 500,
      feeReturnedMinor: 0,
    });
    expect(lines).toEqual([
      { account: 'buyer_payments', amountMinor: -3_000 },
      { account: 'creator_payable', amountMinor: 2_850 },
      { account: 'platform_revenue', amountMinor: 150 },
    ]);
    expect(isBalanced(lines)).toBe(true);
  });

  it('returns exactly what is left of the fee on the last refund', () => {
    // 999 paid, fee 50: three refunds of 333 give back 16, 16, then 18
    const refunds = [333, 333, 333];
    let already = 0;
    let feeReturned = 0;
    const back: number[] = [];
    for (const refund of refunds) {
      const lines = refundLines({
        refundMinor: refund,
        paidMinor: 999,
        alreadyRefundedMinor: already,
        feeMinor: 50,
        feeReturnedMinor: feeReturned,
      });
      expect(isBalanced(lines)).toBe(true);
      const fee = amountOf(lines, 'platform_revenue');
      back.push(fee);
      feeReturned += fee;
      already += refund;
    }
    expect(back).toEqual([16, 16, 18]);
    expect(feeReturned).toBe(50);
  });

  it('a full refund in one go returns the whole fee and nets every account to zero', () => {
    const pay = paymentLines(19_900, 995);
    const refund = refundLines({
      refundMinor: 19_900,
      paidMinor: 19_900,
      alreadyRefundedMinor: 0,
      feeMinor: 995,
      feeReturnedMinor: 0,
    });
    for (const account of ['buyer_payments', 'creator_payable', 'platform_revenue'] as const)
      expect(amountOf([...pay, ...refund], account)).toBe(0);
  });

  it('with no fee, returns none', () => {
    expect(
      refundLines({
        refundMinor: 500,
        paidMinor: 1_000,
        alreadyRefundedMinor: 0,
        feeMinor: 0,
        feeReturnedMinor: 0,
      }),
    ).toEqual([
      { account: 'buyer_payments', amountMinor: -500 },
      { account: 'creator_payable', amountMinor: 500 },
      { account: 'platform_revenue', amountMinor: 0 },
    ]);
  });

  it('any sequence of refunds up to the paid amount balances and nets to zero when complete', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 9_999 }),
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 8 }),
        (paid, bp, parts) => {
          const fee = feeOf(paid, bp);
          const all: LedgerLine[] = [...paymentLines(paid, fee)];
          let already = 0;
          let feeReturned = 0;
          for (const part of parts) {
            const left = paid - already;
            if (left === 0) break;
            const refund = Math.min(part, left);
            const lines = refundLines({
              refundMinor: refund,
              paidMinor: paid,
              alreadyRefundedMinor: already,
              feeMinor: fee,
              feeReturnedMinor: feeReturned,
            });
            expect(isBalanced(lines)).toBe(true);
            const back = amountOf(lines, 'platform_revenue');
            expect(back).toBeGreaterThanOrEqual(0);
            feeReturned += back;
            expect(feeReturned).toBeLessThanOrEqual(fee);
            // The creator never gives back more than the refund.
            expect(amountOf(lines, 'creator_payable')).toBeLessThanOrEqual(refund);
            already += refund;
            all.push(...lines);
          }
          // Finish with the rest: then every account is back to zero.
          if (already < paid)
            all.push(
              ...refundLines({
                refundMinor: paid - already,
                paidMinor: paid,
                alreadyRefundedMinor: already,
                feeMinor: fee,
                feeReturnedMinor: feeReturned,
              }),
            );
          for (const account of ['buyer_payments', 'creator_payable', 'platform_revenue'] as const)
            expect(amountOf(all, account)).toBe(0);
        },
      ),
    );
  });
});

describe('payoutLines and isBalanced', () => {
  it('a payout moves held money out against what the creator is owed', () => {
    const lines = payoutLines(7_000);
    expect(lines).toEqual([
      { account: 'creator_payable', amountMinor: 7_000 },
      { account: 'buyer_payments', amountMinor: -7_000 },
    ]);
    expect(isBalanced(lines)).toBe(true);
  });

  it('tells an unbalanced entry', () => {
    expect(
      isBalanced([
        { account: 'buyer_payments', amountMinor: 100 },
        { account: 'creator_payable', amountMinor: -99 },
      ]),
    ).toBe(false);
    expect(isBalanced([])).toBe(true);
  });
});
