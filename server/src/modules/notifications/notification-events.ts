/**
 * What other modules tell the notifications module, through the outbox (at least once, after
 * their transaction commits): `outbox.add(tx, NOTIFY_TOPIC, event)` inside the write's
 * transaction, `outbox.wake()` after it. The notifications module decides who is told, checks at
 * delivery that each recipient may still see the item, and never copies paid content into a
 * notification: it keeps references and the item's title, rendered for each reader when listed.
 * `sourceId` makes delivery idempotent: one notification per (recipient, kind, sourceId).
 */
export const NOTIFY_TOPIC = 'notifications.event';

interface Base {
  communityId: string;
  /** Who did it (never notified of their own action). */
  actorId: string;
  /** Unique per occurrence, e.g. the comment's or reaction's id. */
  sourceId: string;
  at: number;
}

export type NotificationEvent =
  | (Base & { kind: 'reply'; postId: string; commentId: string; recipientId: string })
  | (Base & { kind: 'mention'; postId: string; commentId: string | null; recipientIds: string[] })
  | (Base & {
      kind: 'reaction';
      postId: string;
      commentId: string | null;
      recipientId: string;
      reaction: string;
    })
  | (Base & { kind: 'answer_accepted'; postId: string; commentId: string; recipientId: string })
  | (Base & {
      kind: 'review_decision';
      /** `assignment_submission`: a member's assignment submission was reviewed (activities). */
      itemType: 'course' | 'lesson' | 'post' | 'assignment_submission';
      itemId: string;
      decision: 'approved' | 'rejected';
      recipientId: string;
    })
  | (Base & {
      /** A paid question was paid for (to the owner), answered or refunded (to the asker). */
      kind: 'paid_question';
      questionId: string;
      action: 'asked' | 'answered' | 'refunded';
      recipientId: string;
    })
  | (Base & {
      /** A paid tip on the recipient's post or comment. */
      kind: 'tip';
      postId: string;
      commentId: string | null;
      recipientId: string;
      amountMinor: number;
      currency: string;
    })
  | (Base & {
      kind: 'new_content';
      /** `challenge`, `assignment`: a check-in challenge or an assignment was created (activities). */
      itemType: 'course' | 'lesson' | 'post' | 'event' | 'challenge' | 'assignment';
      itemId: string;
    });

export type NotificationKind = NotificationEvent['kind'];
