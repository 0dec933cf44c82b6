/**
 * The double-entry journal. Every movement of money is one entry of lines that sum to zero per
 * currency (debit positive, credit negative) over four accounts per community:
 *   buyer_payments    money the platform holds (debit: received; credit: paid back or paid out)
 *   creator_held      money the creator's own provider account received for orders paid with the
 *                     community's keys (debit: received; credit: refunded, or fees paid back to us)
 *   creator_payable   what the platform owes the creator (credit balance)
 *   platform_revenue  the platform's fees (credit balance)
 * The creator's balance is creator_payable's credit less creator_held's debit: negative when the
 * creator holds the platform's fees.
 * and three kept per person (the line's party):
 *   referral_pending  commission on a paid order whose refund window is still open (credit balance)
 *   referral_payable  commission owed to the referrer once that window has closed (credit balance)
 *   member_payable    what a member other than the creator is owed: tips (credit balance)
 * Balances, gross, fees, refunds and net are sums over these lines, never separate counters.
 */
import type { Kysely } from 'kysely';
import type { DB, LedgerAccount, LedgerEntriesTable, OrderSettlement } from '../../db/schema.js';
import { newId } from '../../platform/ids.js';

export interface LedgerLine {
  account: LedgerAccount;
  amountMinor: number;
  /** For accounts kept per person: whose line it is (a referrer). */
  partyId?: string;
}

/** A platform fee in basis points of the amount, rounded half up. */
export const feeOf = (amountMinor: number, feeBasisPoints: number): number =>
  Math.floor((amountMinor * feeBasisPoints + 5_000) / 10_000);

/** The account that holds an order's money: the platform's, or the creator's own provider account. */
export const cashAccountOf = (settlement: OrderSettlement | undefined): LedgerAccount =>
  settlement === 'community' ? 'creator_held' : 'buyer_payments';

/** Accounts that hold money paid by buyers: gross, refunds and fees count both. */
export const CASH_ACCOUNTS: readonly LedgerAccount[] = ['buyer_payments', 'creator_held'];

/** Whose account an order's money less the fee is credited to: the creator's, or a member's (a tip). */
const payeeLine = (payeeId: string | null | undefined, amountMinor: number): LedgerLine =>
  payeeId
    ? { account: 'member_payable', amountMinor, partyId: payeeId }
    : { account: 'creator_payable', amountMinor };

/**
 * A paid order: the money comes in (to the platform or to the creator's own account); the creator
 * — or the order's payee, for a tip to a member — is owed it less the platform's fee. When the
 * creator holds the money, their balance goes down by the fee: they owe it to the platform (and,
 * for a tip to a member, the whole amount less nothing: they hold the member's money too).
 */
export function paymentLines(
  amountMinor: number,
  feeMinor: number,
  settlement: OrderSettlement = 'platform',
  payeeId: string | null = null,
): LedgerLine[] {
  return [
    { account: cashAccountOf(settlement), amountMinor },
    payeeLine(payeeId, -(amountMinor - feeMinor)),
    { account: 'platform_revenue', amountMinor: -feeMinor },
  ];
}

/**
 * A refund of `refundMinor` of an order that paid `paidMinor` with `feeMinor` of fee, of which
 * `feeReturnedMinor` earlier refunds already gave back: the fee is returned in proportion, and
 * the last refund returns exactly what is left of it, so a full refund nets every account to zero.
 */
export function refundLines(input: {
  refundMinor: number;
  paidMinor: number;
  alreadyRefundedMinor: number;
  feeMinor: number;
  feeReturnedMinor: number;
  /** Refunds go out of the account the payment went into (the community's provider, for its keys). */
  settlement?: OrderSettlement;
  /** The member the payment was credited to, whose account gives the refund back (a tip). */
  payeeId?: string | null;
}): LedgerLine[] {
  const { refundMinor, paidMinor, alreadyRefundedMinor, feeMinor, feeReturnedMinor } = input;
  const last = alreadyRefundedMinor + refundMinor >= paidMinor;
  const feeBack = last
    ? feeMinor - feeReturnedMinor
    : Math.min(feeMinor - feeReturnedMinor, Math.floor((feeMinor * refundMinor) / paidMinor));
  return [
    { account: cashAccountOf(input.settlement), amountMinor: -refundMinor },
    payeeLine(input.payeeId, refundMinor - feeBack),
    { account: 'platform_revenue', amountMinor: feeBack },
  ];
}

/** A payout to the creator: the platform pays out money it holds and owes. */
export function payoutLines(amountMinor: number): LedgerLine[] {
  return [
    { account: 'creator_payable', amountMinor },
    { account: 'buyer_payments', amountMinor: -amountMinor },
  ];
}

/**
 * The creator paid the platform the fees they held (orders paid into their own account): the
 * money arrives at the platform and no longer counts as held by the creator.
 */
export function feesCollectedLines(amountMinor: number): LedgerLine[] {
  return [
    { account: 'buyer_payments', amountMinor },
    { account: 'creator_held', amountMinor: -amountMinor },
  ];
}

/** A referral commission, taken out of what the creator is owed, held until the refund window closes. */
export function commissionLines(commissionMinor: number, referrerId: string): LedgerLine[] {
  return [
    { account: 'creator_payable', amountMinor: commissionMinor },
    { account: 'referral_pending', amountMinor: -commissionMinor, partyId: referrerId },
  ];
}

/** The refund window closed: the held commission becomes payable to the referrer. */
export function commissionReleaseLines(amountMinor: number, referrerId: string): LedgerLine[] {
  return [
    { account: 'referral_pending', amountMinor, partyId: referrerId },
    { account: 'referral_payable', amountMinor: -amountMinor, partyId: referrerId },
  ];
}

/** A refund takes back commission (held or already payable) and gives it back to the creator. */
export function commissionReversalLines(
  amountMinor: number,
  referrerId: string,
  from: 'referral_pending' | 'referral_payable',
): LedgerLine[] {
  return [
    { account: from, amountMinor, partyId: referrerId },
    { account: 'creator_payable', amountMinor: -amountMinor },
  ];
}

/**
 * The commission a refund of `refundMinor` takes back, in proportion to the order; the refund that
 * empties the order takes back all that is left, so a fully refunded order owes no commission.
 */
export function commissionReversalOf(input: {
  refundMinor: number;
  paidMinor: number;
  alreadyRefundedMinor: number;
  commissionMinor: number;
  reversedMinor: number;
}): number {
  const { refundMinor, paidMinor, alreadyRefundedMinor, commissionMinor, reversedMinor } = input;
  const left = commissionMinor - reversedMinor;
  if (left <= 0 || paidMinor <= 0) return 0;
  if (alreadyRefundedMinor + refundMinor >= paidMinor) return left;
  return Math.min(left, Math.floor((commissionMinor * refundMinor) / paidMinor));
}

export const isBalanced = (lines: readonly LedgerLine[]) =>
  lines.reduce((sum, l) => sum + l.amountMinor, 0) === 0;

/** Writes one balanced entry; refuses an unbalanced one (a bug, never a user error). */
export async function writeEntry(
  tx: Kysely<DB>,
  entry: Omit<LedgerEntriesTable, 'id'>,
  currency: string,
  lines: readonly LedgerLine[],
): Promise<string> {
  if (!isBalanced(lines)) throw new Error(`Unbalanced ledger entry: ${JSON.stringify(lines)}`);
  const id = newId();
  await tx
    .insertInto('ledger_entries')
    .values({ id, ...entry })
    .execute();
  const rows = lines
    .filter((l) => l.amountMinor !== 0)
    .map((l, i) => ({
      entry_id: id,
      line_no: i + 1,
      account: l.account,
      community_id: entry.community_id,
      party_id: l.partyId ?? null,
      amount_minor: l.amountMinor,
      currency,
      created_at: entry.created_at,
    }));
  if (rows.length > 0) await tx.insertInto('ledger_lines').values(rows).execute();
  return id;
}

export interface AccountBalances {
  currency: string;
  /** Money the platform received for the community's orders, less refunds and payouts. */
  held: number;
  /** Money the creator's own provider account received, less its refunds and fees paid back. */
  heldByCreator: number;
  /** What the platform owes the creator now (creator_payable less creator_held); may be negative. */
  creatorBalance: number;
  /** Fees kept by the platform. */
  platformRevenue: number;
}

export async function balancesOf(db: Kysely<DB>, communityId: string): Promise<AccountBalances[]> {
  const rows = await db
    .selectFrom('ledger_lines')
    .select(['currency', 'account', (eb) => eb.fn.sum<number | string>('amount_minor').as('total')])
    .where('community_id', '=', communityId)
    .groupBy(['currency', 'account'])
    .execute();
  const byCurrency = new Map<string, AccountBalances>();
  for (const row of rows) {
    const b = byCurrency.get(row.currency) ?? {
      currency: row.currency,
      held: 0,
      heldByCreator: 0,
      creatorBalance: 0,
      platformRevenue: 0,
    };
    const total = Number(row.total);
    if (row.account === 'buyer_payments') b.held = total;
    if (row.account === 'creator_held') {
      b.heldByCreator = total;
      b.creatorBalance -= total;
    }
    if (row.account === 'creator_payable') b.creatorBalance -= total;
    if (row.account === 'platform_revenue') b.platformRevenue = -total;
    byCurrency.set(row.currency, b);
  }
  return [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}
