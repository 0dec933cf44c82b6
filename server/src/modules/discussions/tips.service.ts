/**
 * Tips (打赏) on posts and on their answers and comments, paid through the payments module. The
 * money less the platform's fee is credited to the author in the ledger: to the creator's account
 * when the author is the owner, otherwise to the author's own `member_payable` account (the order's
 * payee). Tips are gifts: the tipper cannot take one back; the owner or an operator may refund it.
 */
import type { Kysely } from 'kysely';
import type { DB, OrdersTable } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { conflict, notFound, tooManyRequests } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { canManageCommunity } from '../access/access.rules.js';
import { findUserById } from '../accounts/accounts.queries.js';
import * as cq from '../communities/communities.queries.js';
import { NOTIFY_TOPIC, type NotificationEvent } from '../notifications/notification-events.js';
import type { OrderDto } from '../payments/payments.schemas.js';
import { requireUserId } from './discussions.context.js';
import { PAID_LIMITS, type PaidDeps, settingsOf } from './paid.context.js';
import { presentTip } from './paid.presenter.js';
import * as q from './paid.queries.js';
import { PaidErrors, type TipDto, type TipInput, type TipSummaryDto } from './paid.schemas.js';

const TIPPERS_SHOWN = 20;

export class TipsService {
  constructor(private readonly deps: PaidDeps) {}

  async tip(
    actor: Actor,
    postId: string,
    input: TipInput,
    idempotencyKey?: string,
  ): Promise<{ tip: TipDto; order: OrderDto; created: boolean }> {
    const userId = requireUserId(actor);
    const { db, clock } = this.deps;
    const { post } = await this.deps.access.requirePost(actor, postId);
    if (post.state !== 'published') throw notFound('post');
    const settings = await settingsOf(db, post.community_id);
    if (!settings.tipsEnabled) throw conflict(PaidErrors.tipsOff, 'This community does not take tips.');
    const recipientId = input.commentId ? await this.commentAuthor(postId, input.commentId) : post.author_id;
    if (recipientId === userId) throw conflict(PaidErrors.ownContent, 'You cannot tip your own writing.');
    const community = await cq.findCommunityById(db, post.community_id);
    const recipient = await findUserById(db, recipientId);
    if (!community || !recipient) throw notFound('post');
    const { count, resetInMs } = await this.deps.limiter.hit(`tips:${userId}`, PAID_LIMITS.tips.windowMs);
    if (count > PAID_LIMITS.tips.limit) throw tooManyRequests(resetInMs);

    const tipId = newId();
    const now = clock.now();
    const { order, row, created } = await this.deps.orders.createItemOrder(
      actor,
      {
        communityId: post.community_id,
        kind: 'tip',
        itemId: tipId,
        // Whom, not what: the order outlives the tipper's access to the post, so none of its text.
        itemName: recipient.display_name,
        amountMinor: input.amountMinor,
        currency: settings.currency,
        provider: input.provider,
        // The owner's writing earns into the creator's account, which they are paid out from.
        payeeId: recipientId === community.owner_id ? null : recipientId,
        writeItem: (tx, orderRow) =>
          q.insertTip(tx, {
            id: tipId,
            community_id: post.community_id,
            post_id: postId,
            comment_id: input.commentId ?? null,
            recipient_id: recipientId,
            tipper_id: userId,
            order_id: orderRow.id,
            amount_minor: input.amountMinor,
            currency: settings.currency,
            message: input.message?.trim() || null,
            state: 'unpaid',
            created_at: now,
            paid_at: null,
          }),
      },
      idempotencyKey,
    );
    const tip = await q.findTip(db, row.item_id);
    if (!tip) throw notFound('tip');
    return { tip: presentTip(tip), order, created };
  }

  /** Who tipped a post or one of its comments; the total only for the recipient and the owner. */
  async summary(actor: Actor, postId: string, commentId: string | null): Promise<TipSummaryDto> {
    const { db } = this.deps;
    const { viewer, post } = await this.deps.access.requirePost(actor, postId);
    const recipientId = commentId ? await this.commentAuthor(postId, commentId) : post.author_id;
    const settings = await settingsOf(db, post.community_id);
    const totals = await q.tipTotals(db, postId, commentId);
    const tippers = await q.latestTippers(db, postId, commentId, TIPPERS_SHOWN);
    const seesTotal = viewer.userId === recipientId || canManageCommunity(viewer);
    const inCurrency = totals.find((t) => t.currency === settings.currency);
    return {
      postId,
      commentId,
      count: totals.reduce((sum, t) => sum + Number(t.count), 0),
      tippers: tippers.map((t) => ({ id: t.id, displayName: t.display_name })),
      totalMinor: seesTotal ? Number(inCurrency?.total ?? 0) : null,
      currency: settings.currency,
      canTip:
        viewer.userId !== null &&
        viewer.userId !== recipientId &&
        settings.tipsEnabled &&
        post.state === 'published',
    };
  }

  // ── payment and refunds (order item handler) ───────────────────────────

  async onPaid(order: OrdersTable): Promise<void> {
    const tip = await q.findTip(this.deps.db, order.item_id);
    if (!tip) return;
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (tx) => {
      if (!(await q.moveTip(tx, tip.id, 'unpaid', { state: 'paid', paid_at: Number(order.paid_at ?? now) })))
        return;
      const event: NotificationEvent = {
        kind: 'tip',
        communityId: tip.community_id,
        actorId: tip.tipper_id,
        recipientId: tip.recipient_id,
        postId: tip.post_id,
        commentId: tip.comment_id,
        amountMinor: Number(tip.amount_minor),
        currency: tip.currency,
        sourceId: tip.id,
        at: now,
      };
      await this.deps.outbox.add(tx, NOTIFY_TOPIC, event);
    });
  }

  async onRefunded(order: OrdersTable): Promise<void> {
    await q.moveTip(this.deps.db, order.item_id, 'paid', { state: 'refunded' });
  }

  /** The author of a comment of this post that is still there; 404 otherwise. */
  private async commentAuthor(
    postId: string,
    commentId: string,
    db: Kysely<DB> = this.deps.db,
  ): Promise<string> {
    const comment = await db
      .selectFrom('post_comments')
      .select('author_id')
      .where('id', '=', commentId)
      .where('post_id', '=', postId)
      .where('state', '=', 'published')
      .executeTakeFirst();
    if (!comment) throw notFound('comment');
    return comment.author_id;
  }
}
