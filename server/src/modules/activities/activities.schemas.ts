import { type Static, type TSchema, Type } from 'typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });
const DateString = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'A calendar date, YYYY-MM-DD, in the community time zone',
});
const FileIds = Type.Array(Id, { maxItems: 9, uniqueItems: true });

/** The stable codes this module's errors carry. */
export const ActivityErrors = {
  pollClosed: 'poll_closed',
  challengeNotOpen: 'challenge_not_open',
  submissionReviewed: 'submission_reviewed',
} as const;

export const IdParams = Type.Object({ id: Id });
export const CommunityIdParams = Type.Object({ id: Id });

const PageFields = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 300 })),
};
export const PageQuery = Type.Object(PageFields);

const Person = Type.Object({ id: Type.String(), displayName: Type.String() });

// ── polls ──────────────────────────────────────────────────────────────────

export const ResultsVisibility = Type.Union([Type.Literal('after_vote'), Type.Literal('after_close')]);

export const CreatePollBody = Type.Object(
  {
    question: Text(300),
    options: Type.Array(Text(100), { minItems: 2, maxItems: 20 }),
    multiple: Type.Optional(Type.Boolean({ default: false })),
    /** With `multiple`: how many options one voter may pick (default: all). */
    maxChoices: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
    anonymous: Type.Optional(Type.Boolean({ default: false })),
    resultsVisibility: Type.Optional(ResultsVisibility),
    /** Epoch ms; omitted: open until closed by hand. */
    closesAt: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
    /** The discussion post it belongs to. */
    postId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
export type CreatePollInput = Static<typeof CreatePollBody>;

export const VoteBody = Type.Object(
  { optionIds: Type.Array(Id, { minItems: 1, maxItems: 20, uniqueItems: true }) },
  { additionalProperties: false },
);

export const PollListQuery = Type.Object({ ...PageFields, postId: Type.Optional(Id) });

export const PollOption = Type.Object({
  id: Type.String(),
  label: Type.String(),
  /** null while the results are hidden from the viewer. */
  votes: Nullable(Type.Integer()),
  /** Named polls with visible results: the latest voters (up to 10). */
  voters: Type.Array(Person),
});

export const Poll = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  postId: Nullable(Type.String()),
  author: Person,
  question: Type.String(),
  multiple: Type.Boolean(),
  maxChoices: Type.Integer(),
  anonymous: Type.Boolean(),
  resultsVisibility: ResultsVisibility,
  closesAt: Nullable(Type.Integer()),
  closed: Type.Boolean(),
  createdAt: Type.Integer(),
  options: Type.Array(PollOption),
  resultsVisible: Type.Boolean(),
  /** Members who voted; null while the results are hidden. */
  voterCount: Nullable(Type.Integer()),
  /** The viewer's current choice (empty when not voted). */
  myVote: Type.Array(Type.String()),
  abilities: Type.Object({ vote: Type.Boolean(), close: Type.Boolean() }),
});
export type PollDto = Static<typeof Poll>;
export const PollEnvelope = Type.Object({ poll: Poll });
export const PollPage = Type.Object({ items: Type.Array(Poll), nextCursor: Nullable(Type.String()) });

// ── challenges ─────────────────────────────────────────────────────────────

export const Cadence = Type.Union([Type.Literal('daily'), Type.Literal('weekly')]);

export const CreateChallengeBody = Type.Object(
  {
    title: Text(120),
    description: Type.Optional(Type.String({ maxLength: 20_000 })),
    startDate: DateString,
    endDate: DateString,
    cadence: Type.Optional(Cadence),
  },
  { additionalProperties: false },
);
export type CreateChallengeInput = Static<typeof CreateChallengeBody>;

export const CheckinBody = Type.Object(
  {
    body: Type.String({ maxLength: 5_000 }),
    fileIds: Type.Optional(FileIds),
  },
  { additionalProperties: false },
);
export type CheckinInput = Static<typeof CheckinBody>;

export const MyChallengeStats = Type.Object({
  checkinCount: Type.Integer(),
  currentStreak: Type.Integer(),
  longestStreak: Type.Integer(),
  /** 0–1: periods checked in of the periods so far. */
  completionRate: Type.Number(),
  checkedInThisPeriod: Type.Boolean(),
});

export const Challenge = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  title: Type.String(),
  description: Type.String(),
  descriptionHtml: Type.String(),
  startDate: Type.String(),
  endDate: Type.String(),
  cadence: Cadence,
  timezone: Type.String(),
  /** The community's calendar day now. */
  today: Type.String(),
  phase: Type.Union([Type.Literal('upcoming'), Type.Literal('open'), Type.Literal('ended')]),
  participantCount: Type.Integer(),
  me: Nullable(MyChallengeStats),
  createdAt: Type.Integer(),
  abilities: Type.Object({ checkIn: Type.Boolean() }),
});
export type ChallengeDto = Static<typeof Challenge>;
export const ChallengeEnvelope = Type.Object({ challenge: Challenge });
export const ChallengePage = Type.Object({
  items: Type.Array(Challenge),
  nextCursor: Nullable(Type.String()),
});

export const Checkin = Type.Object({
  id: Type.String(),
  challengeId: Type.String(),
  user: Person,
  date: Type.String(),
  period: Type.String(),
  body: Type.String(),
  fileIds: Type.Array(Type.String()),
  createdAt: Type.Integer(),
});
export const CheckinResult = Type.Object({
  checkin: Checkin,
  /** false when this period already had a check-in: the existing one is returned. */
  created: Type.Boolean(),
  me: MyChallengeStats,
});
export const CheckinPage = Type.Object({ items: Type.Array(Checkin), nextCursor: Nullable(Type.String()) });

export const LeaderboardEntry = Type.Object({
  rank: Type.Integer(),
  user: Person,
  checkinCount: Type.Integer(),
  currentStreak: Type.Integer(),
  longestStreak: Type.Integer(),
});
export const LeaderboardPage = Type.Object({
  items: Type.Array(LeaderboardEntry),
  nextCursor: Nullable(Type.String()),
});

export const CalendarQuery = Type.Object({
  userId: Type.Optional(Id),
  challengeId: Type.Optional(Id),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
});
export const Calendar = Type.Object({
  userId: Type.String(),
  from: Type.String(),
  to: Type.String(),
  days: Type.Array(Type.Object({ date: Type.String(), count: Type.Integer() })),
});

// ── assignments ────────────────────────────────────────────────────────────

export const CreateAssignmentBody = Type.Object(
  {
    title: Text(120),
    description: Type.Optional(Type.String({ maxLength: 20_000 })),
    dueAt: Type.Integer({ minimum: 0, description: 'Epoch ms' }),
  },
  { additionalProperties: false },
);
export type CreateAssignmentInput = Static<typeof CreateAssignmentBody>;

export const SubmitBody = Type.Object(
  {
    body: Type.String({ maxLength: 50_000 }),
    fileIds: Type.Optional(FileIds),
  },
  { additionalProperties: false },
);
export type SubmitInput = Static<typeof SubmitBody>;

export const ReviewBody = Type.Object(
  {
    score: Type.Integer({ minimum: 0, maximum: 100 }),
    feedback: Type.String({ maxLength: 10_000 }),
  },
  { additionalProperties: false },
);
export const FeatureBody = Type.Object({ featured: Type.Boolean() }, { additionalProperties: false });

export const SubmissionListQuery = Type.Object({ ...PageFields, featured: Type.Optional(Type.Boolean()) });

export const Submission = Type.Object({
  id: Type.String(),
  assignmentId: Type.String(),
  user: Person,
  body: Type.String(),
  bodyHtml: Type.String(),
  fileIds: Type.Array(Type.String()),
  state: Type.Union([Type.Literal('submitted'), Type.Literal('reviewed')]),
  late: Type.Boolean(),
  revision: Type.Integer(),
  submittedAt: Type.Integer(),
  score: Nullable(Type.Integer()),
  feedback: Nullable(Type.String()),
  reviewedAt: Nullable(Type.Integer()),
  featured: Type.Boolean(),
});
export type SubmissionDto = Static<typeof Submission>;
export const SubmissionEnvelope = Type.Object({ submission: Submission });
export const SubmissionPage = Type.Object({
  items: Type.Array(Submission),
  nextCursor: Nullable(Type.String()),
});

export const Assignment = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  title: Type.String(),
  description: Type.String(),
  descriptionHtml: Type.String(),
  dueAt: Type.Integer(),
  pastDue: Type.Boolean(),
  author: Person,
  createdAt: Type.Integer(),
  mySubmission: Nullable(Submission),
  abilities: Type.Object({ submit: Type.Boolean(), review: Type.Boolean() }),
});
export type AssignmentDto = Static<typeof Assignment>;
export const AssignmentEnvelope = Type.Object({ assignment: Assignment });
export const AssignmentPage = Type.Object({
  items: Type.Array(Assignment),
  nextCursor: Nullable(Type.String()),
});
