/**
 * Status changes of courses and lessons: direct for staff, through the review queue for
 * contributors, and scheduled publishing as an outbox message due at `publishAt`.
 */
import type { Kysely } from 'kysely';
import type { ContentStatus, DB } from '../../db/schema.js';
import { forbidden, invalidField } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Outbox } from '../../platform/outbox.js';
import type { Viewer } from '../access/access.rules.js';
import { NOTIFY_TOPIC, type NotificationEvent } from '../notifications/notification-events.js';
import { type RequestedStatus, resolveStatusChange } from './content.policy.js';
import * as q from './content.queries.js';

export const PUBLISH_TOPIC = 'content.publish';

export type ItemType = 'course' | 'lesson';

export interface PublishMessage {
  itemType: ItemType;
  id: string;
  publishAt: number;
}

export interface StatusColumns {
  status: ContentStatus;
  publish_at: number | null;
  published_at?: number | null;
}

export interface PlannedStatus {
  columns: StatusColumns;
  review: boolean;
}

/** The columns a requested status writes, or the 400/403 explaining why it cannot. */
export function planStatus(
  viewer: Viewer,
  requested: RequestedStatus,
  publishAt: number | null | undefined,
  now: number,
): PlannedStatus {
  const change = resolveStatusChange(viewer, requested, publishAt, now);
  if (!change.ok) {
    if (change.code === 'forbidden') throw forbidden('forbidden', 'You may not publish here.');
    throw invalidField(change.field, change.code, `${change.field} ${change.message}`);
  }
  return {
    columns: {
      status: change.status,
      publish_at: change.publishAt,
      ...(change.publishedAt !== null ? { published_at: change.publishedAt } : {}),
    },
    review: change.review,
  };
}

/**
 * After writing a status in `tx`: a submission gets one pending review; a scheduled item gets
 * its publish message; leaving review closes a pending submission (withdrawn by its author or
 * settled by staff).
 */
export async function afterStatusWrite(
  tx: Kysely<DB>,
  outbox: Outbox,
  item: { itemType: ItemType; id: string; communityId: string },
  planned: PlannedStatus,
  viewer: Viewer,
  now: number,
): Promise<void> {
  const pending = await q.findPendingReviewOf(tx, item.itemType, item.id);
  if (planned.review) {
    if (!pending)
      await q.insertReview(tx, {
        id: newId(),
        community_id: item.communityId,
        item_type: item.itemType,
        item_id: item.id,
        submitted_by: viewer.userId ?? '',
        state: 'pending',
        decided_by: null,
        reason: null,
        created_at: now,
        decided_at: null,
      });
    return;
  }
  if (pending)
    await q.decideReview(tx, pending.id, {
      state: 'rejected',
      decided_by: viewer.userId ?? '',
      decided_at: now,
      reason: 'withdrawn',
    });
  if (planned.columns.status === 'scheduled' && planned.columns.publish_at !== null)
    await schedulePublish(tx, outbox, item.itemType, item.id, planned.columns.publish_at);
  if (planned.columns.status === 'published' || planned.columns.status === 'scheduled')
    await announceNewContent(tx, outbox, item, viewer.userId ?? '', planned.columns.publish_at ?? now);
}

/**
 * Tells the community's followers about a published item, when it goes live: at once, or at the
 * scheduled time (the notifications module checks at delivery who may see it then, so a schedule
 * withdrawn before it is due tells no one). One notification per item and member, however often
 * it is re-published: the item's id is the event's source.
 */
export async function announceNewContent(
  tx: Kysely<DB>,
  outbox: Outbox,
  item: { itemType: ItemType; id: string; communityId: string },
  actorId: string,
  at: number,
): Promise<void> {
  const event: NotificationEvent = {
    kind: 'new_content',
    communityId: item.communityId,
    actorId,
    sourceId: item.id,
    at,
    itemType: item.itemType,
    itemId: item.id,
  };
  await outbox.add(tx, NOTIFY_TOPIC, event, at);
}

export async function schedulePublish(
  tx: Kysely<DB>,
  outbox: Outbox,
  itemType: ItemType,
  id: string,
  publishAt: number,
): Promise<void> {
  const message: PublishMessage = { itemType, id, publishAt };
  await outbox.add(tx, PUBLISH_TOPIC, message, publishAt);
}

/**
 * The outbox handler: flips the item to published if it is still scheduled for that time.
 * Idempotent, and harmless when late: the access rules already treat a due item as live.
 */
export function publishHandler(db: Kysely<DB>) {
  return async (message: PublishMessage): Promise<void> => {
    await q.publishScheduled(
      db,
      message.itemType === 'course' ? 'courses' : 'lessons',
      message.id,
      message.publishAt,
    );
  };
}
