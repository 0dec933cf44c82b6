import { type Static, type TSchema, Type } from 'typebox';

/** Stable error codes of the discussions module (beside the shared ones: not_found, forbidden…). */
export const DiscussionErrors = {
  emptyPost: 'empty_post',
  commentsLocked: 'comments_locked',
  notAQuestion: 'not_a_question',
  notAnAnswer: 'not_an_answer',
  notInReview: 'post_not_in_review',
  reactionKind: 'reaction_not_allowed',
} as const;

/** Like, a small emoji set, and `up` (an up-vote, on comments: answers are ranked by it). */
export const POST_REACTIONS = ['like', 'love', 'haha', 'wow', 'thanks'] as const;
export const COMMENT_REACTIONS = [...POST_REACTIONS, 'up'] as const;
export type ReactionKind = (typeof COMMENT_REACTIONS)[number];

/** Characters; the whole request is also capped at 1 MiB by the server (413). */
export const POST_BODY_MAX = 20_000;
export const COMMENT_BODY_MAX = 10_000;

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const EpochMs = Type.Integer({ minimum: 0, description: 'epoch milliseconds' });
const Tag = Type.String({ minLength: 1, maxLength: 30, pattern: '^[^\\s,#]+$' });
const Tags = Type.Array(Tag, { maxItems: 5, uniqueItems: true });
const PostKind = Type.Union([Type.Literal('discussion'), Type.Literal('question')]);
const PostState = Type.Union([
  Type.Literal('published'),
  Type.Literal('in_review'),
  Type.Literal('hidden'),
  Type.Literal('deleted'),
]);
const Title = Type.String({ maxLength: 200 });
const AttachmentIds = Type.Array(Id, { maxItems: 10, uniqueItems: true });

export const IdParams = Type.Object({ id: Id });
export const ReactionParams = Type.Object({ id: Id, kind: Type.String({ minLength: 1, maxLength: 20 }) });
export const AcceptParams = Type.Object({ id: Id, commentId: Id });

export const CreatePostBody = Type.Object(
  {
    kind: Type.Optional(PostKind),
    title: Type.Optional(Title),
    body: Type.String({ maxLength: POST_BODY_MAX }),
    tags: Type.Optional(Tags),
    attachmentIds: Type.Optional(AttachmentIds),
  },
  { additionalProperties: false },
);
export type CreatePostInput = Static<typeof CreatePostBody>;

export const UpdatePostBody = Type.Object(
  {
    title: Type.Optional(Nullable(Title)),
    body: Type.Optional(Type.String({ maxLength: POST_BODY_MAX })),
    tags: Type.Optional(Tags),
    attachmentIds: Type.Optional(AttachmentIds),
  },
  { additionalProperties: false },
);
export type UpdatePostInput = Static<typeof UpdatePostBody>;

export const ModeratePostBody = Type.Object(
  {
    pinned: Type.Optional(Type.Boolean()),
    featured: Type.Optional(Type.Boolean()),
    locked: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ModeratePostInput = Static<typeof ModeratePostBody>;

export const ReasonBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export const RequiredReasonBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }) },
  { additionalProperties: false },
);

export const FeedSort = Type.Union([
  Type.Literal('latest'),
  Type.Literal('featured'),
  Type.Literal('hot'),
  Type.Literal('unanswered'),
]);
export type FeedSortValue = Static<typeof FeedSort>;

export const FeedQuery = Type.Object({
  sort: Type.Optional(FeedSort),
  tag: Type.Optional(Tag),
  author: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 300 })),
});
export type FeedQueryInput = Static<typeof FeedQuery>;

export const CommentsQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  /** Replies shown under each top-level comment; the rest come from /api/comments/:id/replies. */
  replies: Type.Optional(Type.Integer({ minimum: 0, maximum: 10, default: 3 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
export const RepliesQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

export const CreateCommentBody = Type.Object(
  {
    body: Type.String({ maxLength: COMMENT_BODY_MAX }),
    /** The comment replied to (any depth); omitted for a top-level comment or an answer. */
    parentId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type CreateCommentInput = Static<typeof CreateCommentBody>;
export const UpdateCommentBody = Type.Object(
  { body: Type.String({ maxLength: COMMENT_BODY_MAX }) },
  { additionalProperties: false },
);

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 100 })),
});

export const DiscussionSettingsBody = Type.Object(
  {
    postsRequireReview: Type.Optional(Type.Boolean()),
    newMemberLinkLimit: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    newMemberDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
  },
  { additionalProperties: false },
);
export const DiscussionSettings = Type.Object({
  postsRequireReview: Type.Boolean(),
  newMemberLinkLimit: Type.Integer(),
  newMemberDays: Type.Integer(),
});
export type DiscussionSettingsDto = Static<typeof DiscussionSettings>;

const Person = Type.Object({ id: Type.String(), displayName: Type.String() });
const ReactionCounts = Type.Record(Type.String(), Type.Integer());

const PostAbilities = Type.Object({
  edit: Type.Boolean(),
  delete: Type.Boolean(),
  pin: Type.Boolean(),
  feature: Type.Boolean(),
  lock: Type.Boolean(),
  comment: Type.Boolean(),
  accept: Type.Boolean(),
  moderate: Type.Boolean(),
});

export const Post = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  author: Person,
  kind: PostKind,
  title: Nullable(Type.String()),
  /** The markdown source, for its author and moderators (to edit); null for other readers. */
  body: Nullable(Type.String()),
  bodyHtml: Type.String(),
  tags: Type.Array(Type.String()),
  attachments: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), mime: Type.String() })),
  state: PostState,
  stateReason: Nullable(Type.String()),
  pinned: Type.Boolean(),
  featured: Type.Boolean(),
  locked: Type.Boolean(),
  reactionCount: Type.Integer(),
  reactions: ReactionCounts,
  myReactions: Type.Array(Type.String()),
  commentCount: Type.Integer(),
  answerCount: Type.Integer(),
  acceptedCommentId: Nullable(Type.String()),
  hotScore: Type.Number(),
  editedAt: Nullable(EpochMs),
  createdAt: EpochMs,
  abilities: PostAbilities,
});
export type PostDto = Static<typeof Post>;

export const PostSummary = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  author: Person,
  kind: PostKind,
  title: Nullable(Type.String()),
  /** Plain text, the first 200 characters of the body. */
  excerpt: Type.String(),
  tags: Type.Array(Type.String()),
  state: PostState,
  pinned: Type.Boolean(),
  featured: Type.Boolean(),
  locked: Type.Boolean(),
  reactionCount: Type.Integer(),
  commentCount: Type.Integer(),
  answerCount: Type.Integer(),
  acceptedCommentId: Nullable(Type.String()),
  hotScore: Type.Number(),
  createdAt: EpochMs,
});
export type PostSummaryDto = Static<typeof PostSummary>;

export const FeedPage = Type.Object({
  /** On the first page of an unfiltered feed: the pinned posts, shown above the list. */
  pinned: Type.Array(PostSummary),
  items: Type.Array(PostSummary),
  nextCursor: Nullable(Type.String()),
});
export const PostPage = Type.Object({
  items: Type.Array(PostSummary),
  nextCursor: Nullable(Type.String()),
});

const CommentAbilities = Type.Object({
  edit: Type.Boolean(),
  delete: Type.Boolean(),
  reply: Type.Boolean(),
  accept: Type.Boolean(),
});

export const Comment = Type.Object({
  id: Type.String(),
  postId: Type.String(),
  author: Person,
  parentId: Nullable(Type.String()),
  rootId: Nullable(Type.String()),
  /** Who the comment answers, for "A ▸ B" in a flattened thread. */
  replyTo: Nullable(Person),
  state: Type.Union([Type.Literal('published'), Type.Literal('hidden'), Type.Literal('deleted')]),
  /** Null when deleted or hidden (the thread keeps its place). */
  bodyHtml: Nullable(Type.String()),
  body: Nullable(Type.String()),
  reactionCount: Type.Integer(),
  upvoteCount: Type.Integer(),
  reactions: ReactionCounts,
  myReactions: Type.Array(Type.String()),
  replyCount: Type.Integer(),
  accepted: Type.Boolean(),
  editedAt: Nullable(EpochMs),
  createdAt: EpochMs,
  abilities: CommentAbilities,
});
export type CommentDto = Static<typeof Comment>;

export const CommentThread = Type.Object({
  comment: Comment,
  replies: Type.Array(Comment),
  /** For /api/comments/:id/replies when more replies exist than shown. */
  repliesCursor: Nullable(Type.String()),
});
export const CommentPage = Type.Object({
  items: Type.Array(CommentThread),
  nextCursor: Nullable(Type.String()),
});
export const ReplyPage = Type.Object({
  items: Type.Array(Comment),
  nextCursor: Nullable(Type.String()),
});

export const Reactions = Type.Object({
  reactionCount: Type.Integer(),
  reactions: ReactionCounts,
  myReactions: Type.Array(Type.String()),
});
export type ReactionsDto = Static<typeof Reactions>;

export const Revision = Type.Object({
  id: Type.String(),
  editor: Person,
  title: Nullable(Type.String()),
  body: Type.String(),
  tags: Type.Array(Type.String()),
  createdAt: EpochMs,
});
export const RevisionPage = Type.Object({
  items: Type.Array(Revision),
  nextCursor: Nullable(Type.String()),
});
