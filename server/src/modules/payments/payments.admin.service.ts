/** The operator's side of payouts: who is owed what, recording a payout, and the history. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { conflict, forbidden, notFound, unauthenticated } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, encodeCursor, toPage } from '../../platform/pagination.js';
import * as cq from '../communities/communities.queries.js';
import type { AdminPayoutInput, PayableBalancesDto } from './credentials.schemas.js';
import * as q from './payments.admin.queries.js';
import type { RevenueDto, SettlementDto } from './payments.schemas.js';
import type { RevenueService } from './revenue.service.js';

const requireOperator = (actor: Actor) => {
  if (actor.kind !== 'user') throw unauthenticated();
  if (actor.user.role !== 'operator') throw forbidden('forbidden', 'Only an operator manages payouts.');
  return actor;
};

/** Currencies a community can hold at most (one page reads this many rows per community). */
const CURRENCIES_PER_PAGE_ROW = 8;

export class PayoutsAdminService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly revenue: RevenueService,
  ) {}

  async balances(actor: Actor, page: { limit?: number; cursor?: string }): Promise<PayableBalancesDto> {
    requireOperator(actor);
    const limit = page.limit ?? 50;
    const rowLimit = (limit + 1) * CURRENCIES_PER_PAGE_ROW;
    const rows = await q.listPayableBalances(this.db, decodeCursor(page.cursor), rowLimit);
    const byCommunity = new Map<string, PayableBalancesDto['items'][number]>();
    for (const row of rows) {
      let item = byCommunity.get(row.community_id);
      if (!item) {
        item = {
          community: { id: row.community_id, name: row.name, slug: row.slug },
          balances: [],
          ownKeys: [],
        };
        byCommunity.set(row.community_id, item);
      }
      // Credits are negative: what the creator is owed is the accounts' sum negated (negative
      // when their own provider account holds the platform's fees).
      item.balances.push({ currency: row.currency, balanceMinor: -Number(row.total) });
    }
    const items = [...byCommunity.values()];
    // A community cut off by the row limit starts the next page instead.
    if (rows.length === rowLimit && items.length > 1) items.pop();
    const pageItems = items.slice(0, limit);
    const ownKeys = await q.listOwnKeyProviders(
      this.db,
      pageItems.map((i) => i.community.id),
    );
    for (const row of ownKeys)
      pageItems.find((i) => i.community.id === row.community_id)?.ownKeys.push(row.provider);
    const last = pageItems.at(-1);
    const more = items.length > limit || rows.length === rowLimit;
    return { items: pageItems, nextCursor: more && last ? encodeCursor(last.community.id) : null };
  }

  async history(actor: Actor, idOrSlug: string, page: { limit?: number; cursor?: string }) {
    requireOperator(actor);
    const community = await this.community(idOrSlug);
    const limit = page.limit ?? 20;
    const rows = await q.listPayouts(this.db, community.id, decodeCursor(page.cursor), limit + 1);
    const { items, nextCursor } = toPage(rows, limit);
    return { items: items.map(presentSettlement), nextCursor };
  }

  /** Recorded once per Idempotency-Key: a double-clicked button pays out once. */
  record(
    actor: Actor,
    idOrSlug: string,
    input: AdminPayoutInput,
    idempotencyKey?: string,
  ): Promise<{ payout: SettlementDto; revenue: RevenueDto }> {
    return this.settle('payout', actor, idOrSlug, input, idempotencyKey).then(({ settlement, revenue }) => ({
      payout: settlement,
      revenue,
    }));
  }

  /** Fees the creator paid back (payments into their own account); once per Idempotency-Key. */
  recordFeesCollected(
    actor: Actor,
    idOrSlug: string,
    input: AdminPayoutInput,
    idempotencyKey?: string,
  ): Promise<{ feesCollected: SettlementDto; revenue: RevenueDto }> {
    return this.settle('fees_collected', actor, idOrSlug, input, idempotencyKey).then(
      ({ settlement, revenue }) => ({ feesCollected: settlement, revenue }),
    );
  }

  private async settle(
    kind: SettlementDto['kind'],
    actor: Actor,
    idOrSlug: string,
    input: AdminPayoutInput,
    idempotencyKey?: string,
  ): Promise<{ settlement: SettlementDto; revenue: RevenueDto }> {
    requireOperator(actor);
    const community = await this.community(idOrSlug);
    const key = idempotencyKey ?? `server:${newId()}`;
    const values = {
      amountMinor: input.amountMinor,
      currency: input.currency,
      reference: input.reference,
      ...(input.note?.trim() ? { note: input.note.trim() } : {}),
    };
    const revenue =
      kind === 'payout'
        ? await this.revenue.recordPayout(actor, community.id, values, key)
        : await this.revenue.recordFeesCollected(actor, community.id, values, key);
    const row = await q.findPayoutByKeyWithRecorder(this.db, community.id, key);
    if (!row) throw notFound(kind === 'payout' ? 'payout' : 'settlement');
    if ((row.kind ?? 'payout') !== kind)
      throw conflict(
        'idempotency_key_reused',
        'This Idempotency-Key already recorded another kind of entry.',
      );
    return { settlement: presentSettlement(row), revenue };
  }

  private async community(idOrSlug: string) {
    const community =
      (await cq.findCommunityById(this.db, idOrSlug)) ?? (await cq.findCommunityBySlug(this.db, idOrSlug));
    if (!community) throw notFound('community');
    return community;
  }
}

type PayoutRow = Awaited<ReturnType<typeof q.listPayouts>>[number];

export const presentSettlement = (row: PayoutRow): SettlementDto => ({
  id: row.id,
  communityId: row.community_id,
  kind: row.kind ?? 'payout',
  amountMinor: Number(row.amount_minor),
  currency: row.currency,
  reference: row.reference,
  note: row.note,
  recordedBy: { id: row.recorded_by, displayName: row.recorded_by_name },
  createdAt: Number(row.created_at),
});
