import type { NotificationListRow } from './notifications.queries.js';
import type { NotificationDto } from './notifications.schemas.js';

/** The web path of an item the reader may open. */
export function itemPath(
  itemType: string,
  itemId: string,
  communitySlug: string,
  commentId: string | null,
  parentId: string | null = null,
) {
  switch (itemType) {
    case 'assignment_submission':
      return parentId ? `/assignments/${parentId}` : `/c/${communitySlug}/home`;
    case 'lesson':
      return `/lessons/${itemId}`;
    case 'course':
      return `/courses/${itemId}`;
    case 'challenge':
      return `/challenges/${itemId}`;
    case 'assignment':
      return `/assignments/${itemId}`;
    case 'paid_question':
      return `/paid-questions/${itemId}`;
    case 'post':
      return commentId ? `/posts/${itemId}#comment-${commentId}` : `/posts/${itemId}`;
    default:
      return `/c/${communitySlug}/home`;
  }
}

/** What the reader may know of the item now: decided at list time, not at delivery. */
export interface ItemAccess {
  visible: boolean;
  title: string | null;
  /** The assignment of a submission. */
  parentId: string | null;
}

interface NotificationData {
  reaction?: string;
  decision?: 'approved' | 'rejected';
  action?: 'asked' | 'answered' | 'refunded';
  amountMinor?: number;
  currency?: string;
}

function parseData(data: string): NotificationData {
  try {
    return JSON.parse(data) as NotificationData;
  } catch {
    return {};
  }
}

/**
 * One notification for its reader. `visible` and `title` come from the access check made now,
 * not at delivery: a member whose term ended sees "a post in <community>", without its title or
 * a link to it.
 */
export function presentNotification(row: NotificationListRow, access: ItemAccess): NotificationDto {
  const data = parseData(row.data);
  return {
    id: row.id,
    kind: row.kind as NotificationDto['kind'],
    community: { id: row.community_id, name: row.community_name, slug: row.community_slug },
    actor: row.actor_id && row.actor_name ? { id: row.actor_id, displayName: row.actor_name } : null,
    item: {
      type: row.item_type as NotificationDto['item']['type'],
      id: row.item_id,
      title: access.visible ? access.title : null,
      path: access.visible
        ? itemPath(row.item_type, row.item_id, row.community_slug, row.comment_id, access.parentId)
        : null,
      visible: access.visible,
    },
    commentId: access.visible ? row.comment_id : null,
    reaction: data.reaction ?? null,
    decision: data.decision ?? null,
    questionAction: data.action ?? null,
    amountMinor: data.amountMinor ?? null,
    currency: data.currency ?? null,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}
