import { type Static, type TSchema, Type } from 'typebox';
import type { NotificationKind } from './notification-events.js';

export const NOTIFICATION_KINDS = [
  'reply',
  'mention',
  'reaction',
  'answer_accepted',
  'review_decision',
  'new_content',
  'paid_question',
  'tip',
] as const satisfies readonly NotificationKind[];

export type EmailCadence = 'off' | 'daily' | 'weekly';

/**
 * Without a saved preference: everything in the app; a weekly digest of what people said to you
 * and of new content; no mail for reactions (noise) or review decisions (already mailed at once).
 */
export const DEFAULT_PREFERENCES: Record<NotificationKind, { inApp: boolean; email: EmailCadence }> = {
  reply: { inApp: true, email: 'weekly' },
  mention: { inApp: true, email: 'weekly' },
  reaction: { inApp: true, email: 'off' },
  answer_accepted: { inApp: true, email: 'weekly' },
  review_decision: { inApp: true, email: 'off' },
  new_content: { inApp: true, email: 'weekly' },
  // A paid question has a deadline: the owner hears of it the next day at the latest.
  paid_question: { inApp: true, email: 'daily' },
  tip: { inApp: true, email: 'weekly' },
};

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const EpochMs = Type.Integer({ minimum: 0, description: 'epoch milliseconds' });

export const Kind = Type.Union([
  Type.Literal('reply'),
  Type.Literal('mention'),
  Type.Literal('reaction'),
  Type.Literal('answer_accepted'),
  Type.Literal('review_decision'),
  Type.Literal('new_content'),
  Type.Literal('paid_question'),
  Type.Literal('tip'),
]);
const Cadence = Type.Union([Type.Literal('off'), Type.Literal('daily'), Type.Literal('weekly')]);
const ItemTypeSchema = Type.Union([
  Type.Literal('course'),
  Type.Literal('lesson'),
  Type.Literal('post'),
  Type.Literal('event'),
  Type.Literal('assignment_submission'),
  Type.Literal('challenge'),
  Type.Literal('assignment'),
  Type.Literal('paid_question'),
]);

export const NotificationListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

export const Notification = Type.Object(
  {
    id: Id,
    kind: Kind,
    community: Type.Object({ id: Id, name: Type.String(), slug: Type.String() }),
    actor: Nullable(Type.Object({ id: Id, displayName: Type.String() })),
    item: Type.Object({
      type: ItemTypeSchema,
      id: Id,
      /** null when the reader may no longer see the item: the notification says "a post in <community>". */
      title: Nullable(Type.String()),
      /** The web path to open; null when the reader may no longer see the item. */
      path: Nullable(Type.String()),
      visible: Type.Boolean(),
    }),
    commentId: Nullable(Id),
    reaction: Nullable(Type.String()),
    decision: Nullable(Type.Union([Type.Literal('approved'), Type.Literal('rejected')])),
    /** paid_question: what happened to it. */
    questionAction: Nullable(
      Type.Union([Type.Literal('asked'), Type.Literal('answered'), Type.Literal('refunded')]),
    ),
    /** tip: how much (minor units) in which currency. */
    amountMinor: Nullable(Type.Integer()),
    currency: Nullable(Type.String()),
    createdAt: EpochMs,
    readAt: Nullable(EpochMs),
  },
  { $id: 'Notification' },
);
export type NotificationDto = Static<typeof Notification>;

export const NotificationPage = Type.Object({
  items: Type.Array(Type.Ref('Notification')),
  nextCursor: Nullable(Type.String()),
  unread: Type.Integer({ minimum: 0 }),
});

export const UnreadCount = Type.Object({ unread: Type.Integer({ minimum: 0 }) });

export const MarkReadBody = Type.Union(
  [
    Type.Object({ ids: Type.Array(Id, { minItems: 1, maxItems: 100 }) }, { additionalProperties: false }),
    Type.Object({ all: Type.Literal(true) }, { additionalProperties: false }),
  ],
  { description: 'Either the ids to mark read, or { all: true }' },
);
export type MarkReadInput = Static<typeof MarkReadBody>;

export const MarkReadResult = Type.Object({ marked: Type.Integer({ minimum: 0 }), unread: Type.Integer() });

const KindPreference = Type.Object(
  { kind: Kind, inApp: Type.Boolean(), email: Cadence },
  { additionalProperties: false },
);

export const Preferences = Type.Object({
  kinds: Type.Array(KindPreference),
  /** Communities whose new content the user does not want to hear about. */
  mutedCommunityIds: Type.Array(Id),
});
export type PreferencesDto = Static<typeof Preferences>;

export const PutPreferencesBody = Type.Object(
  {
    kinds: Type.Optional(Type.Array(KindPreference, { maxItems: NOTIFICATION_KINDS.length })),
    mutedCommunityIds: Type.Optional(Type.Array(Id, { maxItems: 1000 })),
  },
  { additionalProperties: false },
);
export type PutPreferencesInput = Static<typeof PutPreferencesBody>;

export const CommunityMuteParams = Type.Object({ id: Id });
export const CommunityMute = Type.Object({ communityId: Id, muted: Type.Boolean() });
export const PutCommunityMuteBody = Type.Object({ muted: Type.Boolean() }, { additionalProperties: false });

export const UnsubscribeQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 500 })) });
export const UnsubscribeBody = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 500 })),
  'List-Unsubscribe': Type.Optional(Type.String({ maxLength: 50 })),
});
export const UnsubscribeResult = Type.Object({ unsubscribed: Type.Boolean(), email: Type.String() });
