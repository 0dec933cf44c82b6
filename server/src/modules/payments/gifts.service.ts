import { type Static, Type } from 'typebox';
import type { Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError, conflict } from '../../platform/errors.js';
import { hashToken } from '../../platform/tokens.js';
import * as cq from '../communities/communities.queries.js';
import type { MembershipsService } from '../communities/memberships.service.js';
import { GIFT_REFUNDED_TOPIC, giftGrantSourceId } from './gifts.ledger.js';
import { type PaymentsDeps, requireUser } from './orders.service.js';
import * as q from './payments.queries.js';
import { PaymentErrors } from './payments.schemas.js';

export const GiftTokenParams = Type.Object({ token: Type.String({ minLength: 20, maxLength: 100 }) });

export const Gift = Type.Object({
  state: Type.Union([Type.Literal('ready'), Type.Literal('redeemed'), Type.Literal('void')]),
  community: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }),
  plan: Type.Object({
    name: Type.String(),
    kind: Type.String(),
    termDays: Type.Union([Type.Integer(), Type.Null()]),
  }),
  /** The signed-in viewer redeemed it. */
  redeemedByYou: Type.Boolean(),
});
export type GiftDto = Static<typeof Gift>;

export const GiftRedemption = Type.Object({
  communityId: Type.String(),
  communitySlug: Type.String(),
  membership: Type.Object({
    state: Type.String(),
    endsAt: Type.Union([Type.Integer(), Type.Null()]),
  }),
});
export type GiftRedemptionDto = Static<typeof GiftRedemption>;

interface GiftRefunded {
  giftId: string;
  communityId: string;
  userId: string;
  refundId: string;
  actorId: string | null;
  reason: string;
}

const giftInvalid = () =>
  new AppError(404, PaymentErrors.giftInvalid, 'This gift link is unknown, or its order was refunded.');

/**
 * Gifts (赠送): a paid gift order leaves a one-use link; whoever redeems it first (signed in) gets
 * the plan through the one membership grant, recorded under the gift's own source.
 */
export class GiftsService {
  constructor(
    private readonly deps: PaymentsDeps,
    private readonly memberships: MembershipsService,
  ) {}

  private findByToken(token: string) {
    return this.deps.db
      .selectFrom('gifts')
      .selectAll()
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirst();
  }

  /** What a link gives, for the redeem page; anyone holding the link may look. */
  async view(actor: Actor, token: string): Promise<GiftDto> {
    const gift = await this.findByToken(token);
    if (!gift || gift.state === 'awaiting_payment') throw giftInvalid();
    const [community, plan] = await Promise.all([
      cq.findCommunityById(this.deps.db, gift.community_id),
      cq.findPlan(this.deps.db, gift.plan_id),
    ]);
    if (!community || !plan) throw giftInvalid();
    return {
      state: gift.state,
      community: { id: community.id, slug: community.slug, name: community.name },
      plan: { name: plan.name, kind: plan.kind, termDays: plan.term_days },
      redeemedByYou: actor.kind === 'user' && gift.redeemed_by === actor.user.id,
    };
  }

  /**
   * Redeems the link once: a conditional update lets exactly one of any number of concurrent
   * requests claim it; the claimer's grant is idempotent by the gift's source, so a retry by the
   * same person (after a crash between the two) finishes the grant and changes nothing else.
   */
  async redeem(actor: Actor, token: string): Promise<GiftRedemptionDto> {
    const self = requireUser(actor);
    const { db, clock } = this.deps;
    const gift = await this.findByToken(token);
    if (!gift || gift.state === 'awaiting_payment' || gift.state === 'void') throw giftInvalid();
    const now = clock.now();
    const claimed = await db.transaction().execute(async (tx) => {
      const won = await tx
        .updateTable('gifts')
        .set({ state: 'redeemed', redeemed_by: self.user.id, redeemed_at: now, updated_at: now })
        .where('id', '=', gift.id)
        .where('state', '=', 'ready')
        .executeTakeFirst();
      if (Number(won.numUpdatedRows) !== 1) return false;
      await recordAudit(
        tx,
        {
          actorId: self.user.id,
          action: 'gift.redeemed',
          subjectType: 'order',
          subjectId: gift.order_id,
          data: { giftId: gift.id },
          ip: self.ip,
        },
        now,
      );
      return true;
    });
    if (!claimed) {
      const current = await db.selectFrom('gifts').selectAll().where('id', '=', gift.id).executeTakeFirst();
      if (current?.state !== 'redeemed' || current.redeemed_by !== self.user.id) {
        if (current?.state === 'void') throw giftInvalid();
        throw conflict(PaymentErrors.giftRedeemed, 'This gift has already been redeemed.');
      }
    }
    const order = await q.findOrder(db, gift.order_id);
    if (!order) throw giftInvalid();
    let membership: Awaited<ReturnType<MembershipsService['grantMembership']>>['membership'];
    try {
      ({ membership } = await this.memberships.grantMembership({
        communityId: gift.community_id,
        userId: self.user.id,
        planId: gift.plan_id,
        // A paid membership (the buyer paid for it), under the gift's own source id.
        source: { kind: 'order', id: giftGrantSourceId(gift.id) },
        actorId: self.user.id,
        reason: 'gift',
        pricePaidMinor: Number(order.amount_minor),
        currency: order.currency,
      }));
    } catch (error) {
      // Banned here, or the community is full: the link stays usable by someone else.
      if (claimed)
        await db
          .updateTable('gifts')
          .set({ state: 'ready', redeemed_by: null, redeemed_at: null, updated_at: clock.now() })
          .where('id', '=', gift.id)
          .where('state', '=', 'redeemed')
          .where('redeemed_by', '=', self.user.id)
          .execute();
      throw error;
    }
    // A full refund that raced the redemption ends what it granted, as its own handler would.
    const after = await q.findOrder(db, order.id);
    if (after?.state === 'refunded') {
      const refund = (await q.listOrderRefunds(db, order.id)).filter((r) => r.state === 'succeeded').at(-1);
      if (refund)
        membership =
          (await this.endRecipient({
            giftId: gift.id,
            communityId: gift.community_id,
            userId: self.user.id,
            refundId: refund.id,
            actorId: refund.requested_by,
            reason: refund.reason,
          })) ?? membership;
    }
    const community = await cq.findCommunityById(db, gift.community_id);
    return {
      communityId: gift.community_id,
      communitySlug: community?.slug ?? '',
      membership: {
        state: membership.state,
        endsAt: membership.ends_at === null ? null : Number(membership.ends_at),
      },
    };
  }

  /** A fully refunded, redeemed gift ends the recipient's membership, once per refund. */
  endRecipient(payload: GiftRefunded) {
    return this.memberships.endForRefund({
      communityId: payload.communityId,
      userId: payload.userId,
      orderId: giftGrantSourceId(payload.giftId),
      refundId: payload.refundId,
      actorId: payload.actorId,
      reason: payload.reason,
    });
  }
}

/** The service, with the after-commit handler that ends a refunded gift's membership. */
export function createGifts(deps: PaymentsDeps, memberships: MembershipsService): GiftsService {
  const gifts = new GiftsService(deps, memberships);
  deps.outbox.register(GIFT_REFUNDED_TOPIC, async (payload: GiftRefunded) => {
    await gifts.endRecipient(payload);
  });
  return gifts;
}
