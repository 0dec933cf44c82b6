import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/dialect.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError, conflict, notFound, tooManyRequests } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Jobs } from '../../platform/jobs.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { hashToken, newToken } from '../../platform/tokens.js';
import { isActiveMember } from '../access/access.rules.js';
import * as cq from '../communities/communities.queries.js';
import { type OrdersService, type PaymentsDeps, requireUser } from './orders.service.js';
import { PaymentErrors } from './payments.schemas.js';
import { listDueCommissions, releaseCommission } from './referrals.ledger.js';
import type {
  CommunityReferrersDto,
  MyReferralsDto,
  ReferralLinkDto,
  ReferralProgramDto,
  ReferralProgramInput,
} from './referrals.schemas.js';

/** Clicks recorded per address in 10 minutes; more are refused, so the table cannot be flooded. */
export const CLICKS_PER_IP = { limit: 60, windowMs: 10 * 60_000 };
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const newReferralCode = () => Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(56)]).join('');

type Db = Kysely<DB>;
interface Totals {
  currency: string;
  pendingMinor: number;
  payableMinor: number;
}

/** Sums referral account lines per party and currency into pending and payable totals. */
function totalsByParty(
  rows: { party_id?: string | null; account: string; currency: string; total: number | string | null }[],
) {
  const byParty = new Map<string, Map<string, Totals>>();
  for (const row of rows) {
    if (!row.party_id) continue;
    const currencies = byParty.get(row.party_id) ?? new Map<string, Totals>();
    const totals = currencies.get(row.currency) ?? {
      currency: row.currency,
      pendingMinor: 0,
      payableMinor: 0,
    };
    const credit = -Number(row.total ?? 0);
    if (row.account === 'referral_pending') totals.pendingMinor += credit;
    if (row.account === 'referral_payable') totals.payableMinor += credit;
    currencies.set(row.currency, totals);
    byParty.set(row.party_id, currencies);
  }
  const sorted = (m: Map<string, Totals> | undefined) =>
    [...(m?.values() ?? [])].sort((a, b) => a.currency.localeCompare(b.currency));
  return { of: (party: string) => sorted(byParty.get(party)) };
}

/**
 * Referrals (分销): owners pay a commission on a plan; active members share a link; a click
 * attributes the visitor's next order within 30 days (see referrals.ledger.ts for the money).
 */
export class ReferralsService {
  constructor(
    private readonly deps: PaymentsDeps,
    private readonly orders: OrdersService,
  ) {}

  /** The visitor cookie is Secure when the site is served over https. */
  get secureCookies(): boolean {
    return this.deps.publicUrl.startsWith('https://');
  }

  // ── programmes (owner) ──────────────────────────────────────────────────

  async listPrograms(actor: Actor, communityId: string): Promise<{ items: ReferralProgramDto[] }> {
    if (!(await cq.findCommunityById(this.deps.db, communityId))) throw notFound('community');
    await this.orders.requireManager(actor, communityId);
    return { items: await this.programsOf(this.deps.db, communityId, false) };
  }

  async setProgram(actor: Actor, planId: string, input: ReferralProgramInput): Promise<ReferralProgramDto> {
    const self = requireUser(actor);
    const { db, clock } = this.deps;
    const plan = await cq.findPlan(db, planId);
    if (!plan) throw notFound('plan');
    await this.orders.requireManager(actor, plan.community_id);
    if (plan.kind === 'free' && input.enabled)
      throw conflict(PaymentErrors.planNotForSale, 'Free plans pay no commission.');
    const now = clock.now();
    const values = {
      enabled: input.enabled ? 1 : 0,
      commission_bp: input.commissionBasisPoints,
      updated_by: self.user.id,
      updated_at: now,
    };
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('referral_programs')
        .values({ plan_id: plan.id, community_id: plan.community_id, ...values })
        .onConflict((oc) => oc.column('plan_id').doUpdateSet(values))
        .execute();
      await recordAudit(
        tx,
        {
          actorId: self.user.id,
          action: 'referral.program_set',
          subjectType: 'plan',
          subjectId: plan.id,
          data: { enabled: input.enabled, commissionBasisPoints: input.commissionBasisPoints },
          ip: self.ip,
        },
        now,
      );
    });
    const program = (await this.programsOf(db, plan.community_id, false)).find((p) => p.planId === plan.id);
    if (!program) throw notFound('plan');
    return program;
  }

  /** Every active, paid plan of the community with its programme (or only the enabled ones). */
  private async programsOf(db: Db, communityId: string, enabledOnly: boolean): Promise<ReferralProgramDto[]> {
    let query = db
      .selectFrom('community_plans as p')
      .leftJoin('referral_programs as r', 'r.plan_id', 'p.id')
      .select(['p.id', 'p.name', 'p.price_minor', 'p.currency', 'r.enabled', 'r.commission_bp'])
      .where('p.community_id', '=', communityId)
      .where('p.status', '=', 'active')
      .where('p.kind', '!=', 'free')
      .orderBy('p.id');
    if (enabledOnly) query = query.where('r.enabled', '=', 1).where('r.commission_bp', '>', 0);
    const rows = await query.limit(100).execute();
    return rows.map((r) => ({
      planId: r.id,
      planName: r.name,
      enabled: r.enabled === 1,
      commissionBasisPoints: r.commission_bp ?? 0,
      priceMinor: Number(r.price_minor),
      currency: r.currency,
    }));
  }

  // ── links and clicks ────────────────────────────────────────────────────

  /** An active member's link for the community, made on first ask. */
  async referralLink(actor: Actor, communityId: string): Promise<ReferralLinkDto> {
    const self = requireUser(actor);
    const { db, clock } = this.deps;
    const viewer = await this.deps.access.viewer(actor, communityId);
    if (!isActiveMember(viewer))
      throw new AppError(
        403,
        PaymentErrors.referralMembersOnly,
        'Only active members of this community have a referral link.',
      );
    const community = await cq.findCommunityById(db, communityId);
    if (!community) throw notFound('community');
    let code = await this.codeOf(communityId, self.user.id);
    if (!code) {
      try {
        await db
          .insertInto('referral_codes')
          .values({
            code: newReferralCode(),
            community_id: communityId,
            user_id: self.user.id,
            created_at: clock.now(),
          })
          .execute();
      } catch (error) {
        // Asked twice at once: the other request's code stands.
        if (!isUniqueViolation(error)) throw error;
      }
      code = await this.codeOf(communityId, self.user.id);
      if (!code) throw notFound('referral link');
    }
    return {
      code,
      url: `${this.deps.publicUrl}/c/${encodeURIComponent(community.slug)}?ref=${code}`,
      programs: await this.programsOf(db, communityId, true),
    };
  }

  private async codeOf(communityId: string, userId: string): Promise<string | undefined> {
    const row = await this.deps.db
      .selectFrom('referral_codes')
      .select('code')
      .where('community_id', '=', communityId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row?.code;
  }

  /**
   * A visit through a referral link. Returns the visitor cookie to set when the visitor has none:
   * the click is keyed by it (and by the account, when signed in). Clicks on one's own link are
   * not recorded.
   */
  async recordClick(
    actor: Actor,
    code: string,
    visitorCookie: string | undefined,
  ): Promise<{ cookie: string | null }> {
    const { db, clock, limiter } = this.deps;
    const hit = await limiter.hit(`referral-click:${actor.ip ?? 'unknown'}`, CLICKS_PER_IP.windowMs);
    if (hit.count > CLICKS_PER_IP.limit) throw tooManyRequests(hit.resetInMs);
    const link = await db
      .selectFrom('referral_codes')
      .selectAll()
      .where('code', '=', code)
      .executeTakeFirst();
    if (!link) throw notFound('referral link');
    const visitorId = actor.kind === 'user' ? actor.user.id : null;
    const cookie = visitorCookie && visitorCookie.length >= 20 ? visitorCookie : newToken();
    if (visitorId !== link.user_id)
      await db
        .insertInto('referral_clicks')
        .values({
          id: newId(),
          community_id: link.community_id,
          code,
          referrer_id: link.user_id,
          visitor_id: visitorId,
          visitor_key: hashToken(cookie),
          created_at: clock.now(),
        })
        .execute();
    return { cookie: cookie === visitorCookie ? null : cookie };
  }

  // ── reports ─────────────────────────────────────────────────────────────

  /** My clicks, attributed paid orders, pending and payable commission, and a page of commissions. */
  async myReferrals(actor: Actor, page: { limit?: number; cursor?: string }): Promise<MyReferralsDto> {
    const self = requireUser(actor);
    const { db } = this.deps;
    const limit = page.limit ?? 20;
    const before = decodeCursor(page.cursor);
    const [clicks, orders, lines] = await Promise.all([
      db
        .selectFrom('referral_clicks')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('referrer_id', '=', self.user.id)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('referral_commissions')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('referrer_id', '=', self.user.id)
        .where('state', '!=', 'attributed')
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('ledger_lines')
        .select([
          'party_id',
          'account',
          'currency',
          (eb) => eb.fn.sum<number | string>('amount_minor').as('total'),
        ])
        .where('party_id', '=', self.user.id)
        .where('account', 'in', ['referral_pending', 'referral_payable'])
        .groupBy(['party_id', 'account', 'currency'])
        .execute(),
    ]);
    let query = db
      .selectFrom('referral_commissions as r')
      .innerJoin('orders as o', 'o.id', 'r.order_id')
      .innerJoin('communities as c', 'c.id', 'r.community_id')
      .select([
        'r.order_id',
        'r.state',
        'r.commission_bp',
        'r.commission_minor',
        'r.reversed_minor',
        'r.currency',
        'r.payable_at',
        'r.created_at',
        'o.item_name',
        'c.id as community_id',
        'c.slug',
        'c.name',
      ])
      .where('r.referrer_id', '=', self.user.id)
      .where('r.state', '!=', 'attributed')
      .orderBy('r.order_id', 'desc')
      .limit(limit + 1);
    if (before) query = query.where('r.order_id', '<', before);
    const rows = await query.execute();
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      clicks: Number(clicks.n),
      orders: Number(orders.n),
      totals: totalsByParty(lines).of(self.user.id),
      items: items.map((r) => ({
        orderId: r.order_id,
        community: { id: r.community_id, slug: r.slug, name: r.name },
        planName: r.item_name,
        state: r.state,
        commissionBasisPoints: r.commission_bp,
        commissionMinor: Number(r.commission_minor),
        reversedMinor: Number(r.reversed_minor),
        currency: r.currency,
        payableAt: r.payable_at === null ? null : Number(r.payable_at),
        createdAt: Number(r.created_at),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.order_id) : null,
    };
  }

  /** The community's referrers with their clicks, paid orders and commission (owner, operator). */
  async communityReferrers(actor: Actor, communityId: string): Promise<CommunityReferrersDto> {
    const { db } = this.deps;
    if (!(await cq.findCommunityById(db, communityId))) throw notFound('community');
    await this.orders.requireManager(actor, communityId);
    // Everyone with a link here, most recent first; bounded so the page stays one query's worth.
    const referrers = await db
      .selectFrom('referral_codes as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['r.user_id', 'u.display_name'])
      .where('r.community_id', '=', communityId)
      .orderBy('r.created_at', 'desc')
      .limit(200)
      .execute();
    const ids = referrers.map((r) => r.user_id);
    if (ids.length === 0) return { items: [] };
    const [clicks, orders, lines] = await Promise.all([
      db
        .selectFrom('referral_clicks')
        .select(['referrer_id', (eb) => eb.fn.countAll<number | string>().as('n')])
        .where('community_id', '=', communityId)
        .where('referrer_id', 'in', ids)
        .groupBy('referrer_id')
        .execute(),
      db
        .selectFrom('referral_commissions')
        .select(['referrer_id', (eb) => eb.fn.countAll<number | string>().as('n')])
        .where('community_id', '=', communityId)
        .where('referrer_id', 'in', ids)
        .where('state', '!=', 'attributed')
        .groupBy('referrer_id')
        .execute(),
      db
        .selectFrom('ledger_lines')
        .select([
          'party_id',
          'account',
          'currency',
          (eb) => eb.fn.sum<number | string>('amount_minor').as('total'),
        ])
        .where('community_id', '=', communityId)
        .where('account', 'in', ['referral_pending', 'referral_payable'])
        .where('party_id', 'in', ids)
        .groupBy(['party_id', 'account', 'currency'])
        .execute(),
    ]);
    const clicksOf = new Map(clicks.map((c) => [c.referrer_id, Number(c.n)]));
    const ordersOf = new Map(orders.map((c) => [c.referrer_id, Number(c.n)]));
    const totals = totalsByParty(lines);
    return {
      items: referrers.map((r) => ({
        userId: r.user_id,
        displayName: r.display_name,
        clicks: clicksOf.get(r.user_id) ?? 0,
        orders: ordersOf.get(r.user_id) ?? 0,
        totals: totals.of(r.user_id),
      })),
    };
  }

  // ── the release job ─────────────────────────────────────────────────────

  /** Commissions whose refund window has closed become payable; returns how many this run released. */
  async releaseDue(limit = 200): Promise<number> {
    const now = this.deps.clock.now();
    let released = 0;
    for (const { order_id } of await listDueCommissions(this.deps.db, now, limit))
      if (await releaseCommission(this.deps.db, order_id, now)) released++;
    return released;
  }
}

/** The service, with its job: every minute, commissions past their refund window become payable. */
export function createReferrals(deps: PaymentsDeps, orders: OrdersService, jobs: Jobs): ReferralsService {
  const referrals = new ReferralsService(deps, orders);
  jobs.every('referrals.release', 60_000, async () => {
    await referrals.releaseDue();
  });
  return referrals;
}
