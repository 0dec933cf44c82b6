import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  commissionLines,
  commissionReleaseLines,
  commissionReversalLines,
  commissionReversalOf,
  isBalanced,
} from './ledger.js';
import { commissionOf } from './referrals.ledger.js';

describe('commissionOf', () => {
  it.each([
    // 10 % of 199.00
    [19_900, 995, 1_000, 1_990],
    // rounded down: 12.5 % of 0.99 = 0.12375
    [99, 0, 1_250, 12],
    // never more than the creator's share after the fee
    [10_000, 2_000, 9_000, 8_000],
    [0, 0, 1_000, 0],
    [19_900, 995, 0, 0],
  ])('%i paid, %i fee, at %i bp is %i', (amount, fee, bp, commission) => {
    expect(commissionOf(amount, fee, bp)).toBe(commission);
  });
});

describe('commission entries', () => {
  it('each balances and keeps the referrer on the referral lines', () => {
    for (const lines of [
      commissionLines(1_990, 'u1'),
      commissionReleaseLines(1_990, 'u1'),
      commissionReversalLines(500, 'u1', 'referral_pending'),
      commissionReversalLines(500, 'u1', 'referral_payable'),
    ]) {
      expect(isBalanced(lines)).toBe(true);
      for (const line of lines)
        expect(line.partyId).toBe(line.account.startsWith('referral_') ? 'u1' : undefined);
    }
  });

  it('refunds in any parts take back exactly the whole commission, never more', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 9_000 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (paid, bp, shares) => {
          const commission = commissionOf(paid, 0, bp);
          let refunded = 0;
          let reversed = 0;
          for (const [i, share] of shares.entries()) {
            const left = paid - refunded;
            if (left <= 0) break;
            const refund = i === shares.length - 1 ? left : Math.max(1, Math.floor(share * left));
            const back = commissionReversalOf({
              refundMinor: refund,
              paidMinor: paid,
              alreadyRefundedMinor: refunded,
              commissionMinor: commission,
              reversedMinor: reversed,
            });
            expect(back).toBeGreaterThanOrEqual(0);
            refunded += refund;
            reversed += back;
            expect(reversed).toBeLessThanOrEqual(commission);
          }
          expect(reversed).toBe(commission);
        },
      ),
    );
  });
});
