import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { conflict, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { MAIL_TOPIC, type MailMessage, type QueuedMail } from '../../platform/mail.js';
import { decodeCursor, toPage } from '../../platform/pagination.js';
import { NOTIFY_TOPIC, type NotificationEvent } from '../notifications/notification-events.js';
import { type ContentDeps, deny, requireUserId } from './content.context.js';
import { reviewApprovedMail, reviewRejectedMail } from './content.mail.js';
import { approvedStatus, canReview } from './content.policy.js';
import { presentReview } from './content.presenter.js';
import { announceNewContent, schedulePublish } from './content.publishing.js';
import * as q from './content.queries.js';
import { ContentErrors, type ReviewDto } from './content.schemas.js';

/** The review queue: contributors' submissions, approved or rejected by the community's staff. */
export class ReviewService {
  constructor(private readonly deps: ContentDeps) {}

  async listQueue(actor: Actor, communityId: string, page: { limit?: number; cursor?: string }) {
    requireUserId(actor);
    const viewer = await this.deps.access.viewer(actor, communityId);
    deny(canReview(viewer), 'Only the community staff review submissions.');
    const limit = page.limit ?? 20;
    const rows = await q.listPendingReviews(this.deps.db, communityId, decodeCursor(page.cursor), limit + 1);
    const { items, nextCursor } = toPage(rows, limit);
    return { items: items.map(presentReview), nextCursor };
  }

  /** Publishes (or schedules, when the requested time is still ahead) and tells the author. */
  approve(actor: Actor, reviewId: string): Promise<ReviewDto> {
    return this.decide(actor, reviewId, null);
  }

  /** Back to draft with the reason, which the author is sent. */
  reject(actor: Actor, reviewId: string, reason: string): Promise<ReviewDto> {
    return this.decide(actor, reviewId, reason);
  }

  private async decide(actor: Actor, reviewId: string, rejectReason: string | null): Promise<ReviewDto> {
    const userId = requireUserId(actor);
    const { db, clock, outbox, access } = this.deps;
    const review = await q.findReview(db, reviewId);
    if (!review) throw notFound('review');
    const viewer = await access.viewer(actor, review.community_id);
    deny(canReview(viewer), 'Only the community staff review submissions.');
    if (review.state !== 'pending')
      throw conflict(ContentErrors.reviewDecided, 'This submission was already decided.');
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      const item = await q.findItemStatus(tx, review.item_type, review.item_id);
      if (item?.status !== 'in_review')
        throw conflict(ContentErrors.notInReview, 'The item is no longer waiting for review.');
      const decided = await q.decideReview(tx, reviewId, {
        state: rejectReason === null ? 'approved' : 'rejected',
        decided_by: userId,
        decided_at: now,
        reason: rejectReason,
      });
      if (Number(decided.numUpdatedRows) !== 1)
        throw conflict(ContentErrors.reviewDecided, 'This submission was already decided.');
      const title = item.title;
      const link = `${this.deps.publicUrl}/${review.item_type === 'course' ? 'courses' : 'lessons'}/${review.item_id}`;
      const author = {
        email: review.submitter_email,
        name: review.submitter_name,
        locale: review.submitter_locale,
      };
      if (rejectReason === null) {
        const next = approvedStatus(item.publish_at, now);
        await this.setStatus(tx, review.item_type, review.item_id, {
          status: next.status,
          publish_at: next.publishAt,
          ...(next.publishedAt !== null ? { published_at: next.publishedAt } : {}),
          updated_at: now,
        });
        if (next.status === 'scheduled' && next.publishAt !== null)
          await schedulePublish(tx, outbox, review.item_type, review.item_id, next.publishAt);
        await this.queueMail(tx, reviewApprovedMail(author, title, next.publishAt, link));
        const published = {
          itemType: review.item_type,
          id: review.item_id,
          communityId: review.community_id,
        };
        await announceNewContent(tx, outbox, published, review.submitted_by, next.publishAt ?? now);
      } else {
        await this.setStatus(tx, review.item_type, review.item_id, {
          status: 'draft',
          publish_at: null,
          updated_at: now,
        });
        await this.queueMail(tx, reviewRejectedMail(author, title, rejectReason, link));
      }
      const decision: NotificationEvent = {
        kind: 'review_decision',
        communityId: review.community_id,
        actorId: userId,
        sourceId: reviewId,
        at: now,
        itemType: review.item_type,
        itemId: review.item_id,
        decision: rejectReason === null ? 'approved' : 'rejected',
        recipientId: review.submitted_by,
      };
      await outbox.add(tx, NOTIFY_TOPIC, decision);
      await recordAudit(
        tx,
        {
          actorId: userId,
          action: rejectReason === null ? 'content.review.approve' : 'content.review.reject',
          subjectType: review.item_type,
          subjectId: review.item_id,
          data: { reviewId, ...(rejectReason !== null ? { reason: rejectReason } : {}) },
          ip: actor.ip,
        },
        now,
      );
    });
    outbox.wake();
    const updated = await q.findReview(db, reviewId);
    if (!updated) throw notFound('review');
    return presentReview(updated);
  }

  private async setStatus(
    tx: Kysely<DB>,
    itemType: 'course' | 'lesson',
    id: string,
    set: {
      status: 'draft' | 'published' | 'scheduled';
      publish_at: number | null;
      published_at?: number;
      updated_at: number;
    },
  ): Promise<void> {
    if (itemType === 'course') await q.updateCourse(tx, id, set);
    else await q.updateLesson(tx, id, set);
  }

  private async queueMail(tx: Kysely<DB>, message: MailMessage): Promise<void> {
    const queued: QueuedMail = { id: newId(), ...message };
    await this.deps.outbox.add(tx, MAIL_TOPIC, queued);
  }
}
