/** The operator's side of payouts: who is owed what, recording a payout, and the history. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { forbidden, notFound, unauthenticated } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, encodeCursor, toPage } from '../../platform/pagination.js';
import * as cq from '../communities/communities.queries.js';
import type { AdminPayoutInput, PayableBalancesDto, PayoutDto } from './credentials.schemas.js';
import * as q from './payments.admin.queries.js';
import type { RevenueDto } from './payments.schemas.js';
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
      // Credits are negative: what the creator is owed is the account's balance negated.
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
    return { items: items.map(presentPayout), nextCursor };
  }

  /** Recorded once per Idempotency-Key: a double-clicked button pays out once. */
  async record(
    actor: Actor,
    idOrSlug: string,
    input: AdminPayoutInput,
    idempotencyKey?: string,
  ): Promise<{ payout: PayoutDto; revenue: RevenueDto }> {
    requireOperator(actor);
    const community = await this.community(idOrSlug);
    const key = idempotencyKey ?? `server:${newId()}`;
    const revenue = await this.revenue.recordPayout(
      actor,
      community.id,
      {
        amountMinor: input.amountMinor,
        currency: input.currency,
        reference: input.reference,
        ...(input.note?.trim() ? { note: input.note.trim() } : {}),
      },
      key,
    );
    const row = await q.findPayoutByKeyWithRecorder(this.db, community.id, key);
    if (!row) throw notFound('payout');
    return { payout: presentPayout(row), revenue };
  }

  private async community(idOrSlug: string) {
    const community =
      (await cq.findCommunityById(this.db, idOrSlug)) ?? (await cq.findCommunityBySlug(this.db, idOrSlug));
    if (!community) throw notFound('community');
    return community;
  }
}

type PayoutRow = Awaited<ReturnType<typeof q.listPayouts>>[number];

export const presentPayout = (row: PayoutRow): PayoutDto => ({
  id: row.id,
  communityId: row.community_id,
  amountMinor: Number(row.amount_minor),
  currency: row.currency,
  reference: row.reference,
  note: row.note,
  recordedBy: { id: row.recorded_by, displayName: row.recorded_by_name },
  createdAt: Number(row.created_at),
});
