import { type Static, type TSchema, Type } from 'typebox';

/** Stable error codes of the content module (beside the shared ones: not_found, forbidden…). */
export const ContentErrors = {
  reviewDecided: 'review_already_decided',
  notInReview: 'item_not_in_review',
  attachmentExists: 'attachment_exists',
} as const;

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const EpochMs = Type.Integer({ minimum: 0, description: 'epoch milliseconds' });

export const ContentStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('in_review'),
  Type.Literal('scheduled'),
  Type.Literal('published'),
  Type.Literal('archived'),
]);
const RequestedStatus = Type.Union(
  [Type.Literal('draft'), Type.Literal('scheduled'), Type.Literal('published'), Type.Literal('archived')],
  { description: "A contributor's published/scheduled goes to the review queue (in_review)" },
);
const CreateStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('scheduled'),
  Type.Literal('published'),
]);
const Level = Type.Union([Type.Literal('novice'), Type.Literal('advanced'), Type.Literal('expert')]);
const Title = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 });
const Markdown = Type.String({ maxLength: 200_000 });
const VideoUrl = Type.String({ maxLength: 2000, pattern: '^https?://' });

export const Move = Type.Object(
  { afterId: Type.Optional(Id), beforeId: Type.Optional(Id) },
  { additionalProperties: false },
);
const LessonMove = Type.Object(
  { chapterId: Type.Optional(Id), afterId: Type.Optional(Id), beforeId: Type.Optional(Id) },
  { additionalProperties: false },
);

export const Drip = Type.Object(
  {
    kind: Type.Union([Type.Literal('none'), Type.Literal('date'), Type.Literal('days_after_join')]),
    at: Type.Optional(EpochMs),
    days: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
  },
  { additionalProperties: false },
);
export type DripInput = Static<typeof Drip>;

// ── params and queries ───────────────────────────────────────────────────

export const IdParams = Type.Object({ id: Id });
export const AttachmentParams = Type.Object({ id: Id, fileId: Id });
export const CoursePageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 400 })),
});
export type CoursePageQuery = Static<typeof CoursePageQuery>;

// ── bodies ───────────────────────────────────────────────────────────────

export const CreateCourseBody = Type.Object(
  {
    title: Title,
    summary: Type.String({ maxLength: 2000 }),
    level: Type.Optional(Level),
    status: Type.Optional(CreateStatus),
    tags: Type.Optional(Tags),
    coverFileId: Type.Optional(Id),
    publishAt: Type.Optional(EpochMs),
    planIds: Type.Optional(Type.Array(Id, { maxItems: 50, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type CreateCourseInput = Static<typeof CreateCourseBody>;

export const UpdateCourseBody = Type.Object(
  {
    title: Type.Optional(Title),
    summary: Type.Optional(Type.String({ maxLength: 2000 })),
    level: Type.Optional(Level),
    status: Type.Optional(RequestedStatus),
    tags: Type.Optional(Tags),
    coverFileId: Type.Optional(Nullable(Id)),
    publishAt: Type.Optional(Nullable(EpochMs)),
    planIds: Type.Optional(Type.Array(Id, { maxItems: 50, uniqueItems: true })),
    move: Type.Optional(Move),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateCourseInput = Static<typeof UpdateCourseBody>;

export const CreateChapterBody = Type.Object({ title: Title }, { additionalProperties: false });
export type CreateChapterInput = Static<typeof CreateChapterBody>;

export const UpdateChapterBody = Type.Object(
  { title: Type.Optional(Title), move: Type.Optional(Move) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateChapterInput = Static<typeof UpdateChapterBody>;

export const CreateLessonBody = Type.Object(
  {
    title: Title,
    body: Markdown,
    freePreview: Type.Boolean(),
    status: Type.Optional(CreateStatus),
    estimatedMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    videoFileId: Type.Optional(Id),
    videoUrl: Type.Optional(VideoUrl),
    drip: Type.Optional(Drip),
    prerequisiteLessonId: Type.Optional(Id),
    publishAt: Type.Optional(EpochMs),
  },
  { additionalProperties: false },
);
export type CreateLessonInput = Static<typeof CreateLessonBody>;

export const UpdateLessonBody = Type.Object(
  {
    title: Type.Optional(Title),
    body: Type.Optional(Markdown),
    freePreview: Type.Optional(Type.Boolean()),
    status: Type.Optional(RequestedStatus),
    estimatedMinutes: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 10_000 }))),
    videoFileId: Type.Optional(Nullable(Id)),
    videoUrl: Type.Optional(Nullable(VideoUrl)),
    drip: Type.Optional(Drip),
    prerequisiteLessonId: Type.Optional(Nullable(Id)),
    publishAt: Type.Optional(Nullable(EpochMs)),
    move: Type.Optional(LessonMove),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateLessonInput = Static<typeof UpdateLessonBody>;

export const AddAttachmentBody = Type.Object(
  { fileId: Id, name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }) },
  { additionalProperties: false },
);
export type AddAttachmentInput = Static<typeof AddAttachmentBody>;

export const ProgressBody = Type.Object(
  {
    positionSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    completed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ProgressInput = Static<typeof ProgressBody>;

export const RejectBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }) },
  { additionalProperties: false },
);

// ── responses ────────────────────────────────────────────────────────────

const Abilities = Type.Object({
  canEdit: Type.Boolean(),
  canAddContent: Type.Boolean(),
});

export const Course = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  level: Level,
  tags: Type.Array(Type.String()),
  coverFileId: Nullable(Type.String()),
  status: ContentStatus,
  publishAt: Nullable(Type.Integer()),
  publishedAt: Nullable(Type.Integer()),
  authorId: Type.String(),
  planIds: Type.Array(Type.String(), { description: 'Plans that include the course; empty: every plan' }),
  lessonCount: Type.Integer({ description: 'Live lessons' }),
  abilities: Abilities,
});
export type CourseDto = Static<typeof Course>;

export const CourseListProgress = Type.Object({
  completedLessons: Type.Integer({ minimum: 0, description: 'Completed live lessons' }),
  totalLessons: Type.Integer({ minimum: 0, description: 'Live lessons' }),
  percentage: Type.Integer({ minimum: 0, maximum: 100, description: 'Rounded down' }),
});
export type CourseListProgressDto = Static<typeof CourseListProgress>;

export const CourseListItem = Type.Object({
  ...Course.properties,
  /** The viewer's progress; null for a visitor. */
  progress: Nullable(CourseListProgress),
});
export type CourseListItemDto = Static<typeof CourseListItem>;

export const CoursePage = Type.Object({
  items: Type.Array(CourseListItem),
  nextCursor: Nullable(Type.String()),
});

const LockState = Type.Object({
  locked: Type.Boolean(),
  reason: Type.Optional(
    Type.Union([
      Type.Literal('join_required'),
      Type.Literal('plan_required'),
      Type.Literal('not_yet_available'),
      Type.Literal('prerequisite_required'),
    ]),
  ),
  availableAt: Type.Optional(Type.Integer()),
});

export const OutlineLesson = Type.Object({
  id: Type.String(),
  title: Type.String(),
  freePreview: Type.Boolean(),
  estimatedMinutes: Nullable(Type.Integer()),
  status: ContentStatus,
  completed: Type.Boolean(),
  lock: LockState,
});

export const Chapter = Type.Object({
  id: Type.String(),
  courseId: Type.String(),
  title: Type.String(),
});

export const CourseProgress = Type.Object({
  completedLessonIds: Type.Array(Type.String()),
  percentage: Type.Integer({ minimum: 0, maximum: 100 }),
  resumeLessonId: Nullable(Type.String()),
});
export type CourseProgressDto = Static<typeof CourseProgress>;

export const Outline = Type.Object({
  course: Course,
  chapters: Type.Array(
    Type.Object({ id: Type.String(), title: Type.String(), lessons: Type.Array(OutlineLesson) }),
  ),
  progress: CourseProgress,
});

const Attachment = Type.Object({ fileId: Type.String(), name: Type.String() });

const LessonProgress = Type.Object({
  startedAt: Type.Integer(),
  positionSeconds: Type.Integer(),
  completed: Type.Boolean(),
  completedAt: Nullable(Type.Integer()),
});

export const Lesson = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  courseId: Type.String(),
  chapterId: Type.String(),
  title: Type.String(),
  body: Type.Optional(Type.String({ description: 'The markdown source; authors only' })),
  bodyHtml: Type.String(),
  video: Nullable(Type.Object({ fileId: Nullable(Type.String()), url: Nullable(Type.String()) })),
  estimatedMinutes: Nullable(Type.Integer()),
  freePreview: Type.Boolean(),
  status: ContentStatus,
  publishAt: Nullable(Type.Integer()),
  drip: Drip,
  prerequisiteLessonId: Nullable(Type.String()),
  attachments: Type.Array(Attachment),
  prevLessonId: Nullable(Type.String()),
  nextLessonId: Nullable(Type.String()),
  progress: Nullable(LessonProgress),
  abilities: Type.Object({ canEdit: Type.Boolean() }),
});
export type LessonDto = Static<typeof Lesson>;

export const AttachmentList = Type.Object({ attachments: Type.Array(Attachment) });

export const ProgressResult = Type.Object({
  lessonId: Type.String(),
  positionSeconds: Type.Integer(),
  completed: Type.Boolean(),
  completedAt: Nullable(Type.Integer()),
  coursePercentage: Type.Integer({ minimum: 0, maximum: 100 }),
});

export const Review = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  itemType: Type.Union([Type.Literal('course'), Type.Literal('lesson')]),
  itemId: Type.String(),
  itemTitle: Type.String(),
  submittedBy: Type.Object({ id: Type.String(), displayName: Type.String() }),
  requestedPublishAt: Nullable(Type.Integer({ description: 'Set when scheduling was asked for' })),
  state: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
  reason: Nullable(Type.String()),
  createdAt: Type.Integer(),
  decidedAt: Nullable(Type.Integer()),
});
export type ReviewDto = Static<typeof Review>;

export const ReviewPage = Type.Object({ items: Type.Array(Review), nextCursor: Nullable(Type.String()) });
