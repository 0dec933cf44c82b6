import { isUniqueViolation } from '../../db/dialect.js';
import type { Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { conflict, invalidField, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, toPage } from '../../platform/pagination.js';
import * as cq from '../communities/communities.queries.js';
import { type OrdersService, type PaymentsDeps, requireUser } from './orders.service.js';
import { presentCoupon } from './payments.presenter.js';
import * as q from './payments.queries.js';
import { type CouponDto, type CreateCouponInput, PaymentErrors } from './payments.schemas.js';

/** Coupons: the owner (or an operator) creates, lists and disables a community's codes. */
export class CouponsService {
  constructor(
    private readonly deps: PaymentsDeps,
    private readonly orders: OrdersService,
  ) {}

  async create(actor: Actor, communityId: string, input: CreateCouponInput): Promise<CouponDto> {
    const self = requireUser(actor);
    if (!(await cq.findCommunityById(this.deps.db, communityId))) throw notFound('community');
    await this.orders.requireManager(actor, communityId);
    if (input.kind === 'percent' && input.percentOff === undefined)
      throw invalidField('percentOff', 'required', 'percentOff is required for a percent coupon');
    if (input.kind === 'fixed' && (input.amountOffMinor === undefined || input.currency === undefined))
      throw invalidField(
        input.amountOffMinor === undefined ? 'amountOffMinor' : 'currency',
        'required',
        'amountOffMinor and currency are required for a fixed coupon',
      );
    if (
      input.validFrom !== undefined &&
      input.validUntil !== undefined &&
      input.validUntil <= input.validFrom
    )
      throw invalidField('validUntil', 'before_start', 'validUntil must be after validFrom');
    const planIds = input.planIds ?? [];
    for (const [i, planId] of planIds.entries()) {
      const plan = await cq.findPlan(this.deps.db, planId);
      if (!plan || plan.community_id !== communityId)
        throw invalidField(`planIds.${i}`, 'unknown_plan', 'is not a plan of this community');
    }
    const now = this.deps.clock.now();
    const id = newId();
    try {
      await this.deps.db.transaction().execute(async (tx) => {
        await q.insertCoupon(tx, {
          id,
          community_id: communityId,
          code: input.code.toUpperCase(),
          kind: input.kind,
          percent_off: input.kind === 'percent' ? (input.percentOff ?? null) : null,
          amount_off_minor: input.kind === 'fixed' ? (input.amountOffMinor ?? null) : null,
          currency: input.kind === 'fixed' ? (input.currency ?? null) : null,
          valid_from: input.validFrom ?? null,
          valid_until: input.validUntil ?? null,
          max_redemptions: input.maxRedemptions ?? null,
          redeemed: 0,
          once_per_user: input.oncePerUser === false ? 0 : 1,
          status: 'active',
          created_by: self.user.id,
          created_at: now,
          updated_at: now,
        });
        if (planIds.length > 0)
          await tx
            .insertInto('coupon_plans')
            .values(planIds.map((plan_id) => ({ coupon_id: id, plan_id })))
            .execute();
        await recordAudit(
          tx,
          {
            actorId: self.user.id,
            action: 'coupon.created',
            subjectType: 'community',
            subjectId: communityId,
            data: { couponId: id, code: input.code.toUpperCase() },
            ip: self.ip,
          },
          now,
        );
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict(PaymentErrors.couponExists, 'This community already has a coupon with that code.', [
          { path: 'code', code: 'taken', message: 'is already used by another coupon' },
        ]);
      throw error;
    }
    const coupon = await q.findCoupon(this.deps.db, id);
    if (!coupon) throw notFound('coupon');
    return presentCoupon(coupon, planIds);
  }

  async list(actor: Actor, communityId: string, page: { limit?: number; cursor?: string }) {
    if (!(await cq.findCommunityById(this.deps.db, communityId))) throw notFound('community');
    await this.orders.requireManager(actor, communityId);
    const limit = page.limit ?? 20;
    const rows = await q.listCoupons(this.deps.db, communityId, decodeCursor(page.cursor), limit);
    const { items, nextCursor } = toPage(rows, limit);
    const planIds = await q.couponPlanIdsOf(
      this.deps.db,
      items.map((c) => c.id),
    );
    return { items: items.map((c) => presentCoupon(c, planIds.get(c.id) ?? [])), nextCursor };
  }

  async setStatus(actor: Actor, couponId: string, status: 'active' | 'disabled'): Promise<CouponDto> {
    const self = requireUser(actor);
    const coupon = await q.findCoupon(this.deps.db, couponId);
    if (!coupon) throw notFound('coupon');
    await this.orders.requireManager(actor, coupon.community_id);
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (tx) => {
      await tx.updateTable('coupons').set({ status, updated_at: now }).where('id', '=', couponId).execute();
      await recordAudit(
        tx,
        {
          actorId: self.user.id,
          action: `coupon.${status === 'active' ? 'enabled' : 'disabled'}`,
          subjectType: 'community',
          subjectId: coupon.community_id,
          data: { couponId },
          ip: self.ip,
        },
        now,
      );
    });
    const updated = await q.findCoupon(this.deps.db, couponId);
    if (!updated) throw notFound('coupon');
    return presentCoupon(updated, await q.couponPlanIds(this.deps.db, couponId));
  }
}
