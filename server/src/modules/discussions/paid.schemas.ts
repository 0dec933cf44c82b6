/** Paid questions to the owner (付费提问) and tips (打赏): the API's shapes. */
import { type Static, type TSchema, Type } from 'typebox';
import { Order } from '../payments/payments.schemas.js';

export const PaidErrors = {
  questionsOff: 'paid_questions_off',
  tipsOff: 'tips_off',
  ownCommunity: 'own_community',
  ownContent: 'own_content',
  questionNotOpen: 'question_not_open',
} as const;

/** Tip amounts in minor units: at least 1.00 and at most 5,000.00 of the community's currency. */
export const TIP_MIN_MINOR = 100;
export const TIP_MAX_MINOR = 500_000;
export const TIP_PRESETS_MINOR = [200, 500, 1_000, 2_000] as const;
export const QUESTION_BODY_MAX = 5_000;
export const ANSWER_BODY_MAX = 20_000;

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const EpochMs = Type.Integer({ minimum: 0, description: 'epoch milliseconds' });
const Person = Type.Object({ id: Type.String(), displayName: Type.String() });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217, upper case' });
const Provider = Type.String({ minLength: 1, maxLength: 20, description: 'one of the quote providers' });

export const PaidSettings = Type.Object({
  communityId: Type.String(),
  currency: Type.String(),
  questions: Type.Object({
    enabled: Type.Boolean(),
    priceMinor: Type.Integer(),
    /** The owner answers within this many days of payment, or the payment is refunded. */
    answerDays: Type.Integer(),
  }),
  tips: Type.Object({
    enabled: Type.Boolean(),
    minMinor: Type.Integer(),
    maxMinor: Type.Integer(),
    presetsMinor: Type.Array(Type.Integer()),
  }),
  /** The providers a member may pay with (as `GET /api/checkout/quote`). */
  providers: Type.Array(Type.String()),
});
export type PaidSettingsDto = Static<typeof PaidSettings>;

export const PaidSettingsBody = Type.Object(
  {
    currency: Type.Optional(Currency),
    questionsEnabled: Type.Optional(Type.Boolean()),
    questionPriceMinor: Type.Optional(Type.Integer({ minimum: 100, maximum: 10_000_000 })),
    questionAnswerDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 })),
    tipsEnabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type PaidSettingsInput = Static<typeof PaidSettingsBody>;

export const PaidQuestionState = Type.Union([
  Type.Literal('unpaid'),
  Type.Literal('open'),
  Type.Literal('refunding'),
  Type.Literal('answered'),
  Type.Literal('refunded'),
]);

export const PaidQuestion = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  asker: Person,
  body: Type.String(),
  bodyHtml: Type.String(),
  /** The asker lets the community read it (and its answer) once answered. */
  public: Type.Boolean(),
  state: PaidQuestionState,
  priceMinor: Type.Integer(),
  currency: Type.String(),
  answerDays: Type.Integer(),
  /** When the answer is due (set on payment); after it, the payment is refunded. */
  dueAt: Nullable(EpochMs),
  answer: Nullable(
    Type.Object({
      body: Type.String(),
      bodyHtml: Type.String(),
      answeredBy: Person,
      answeredAt: EpochMs,
    }),
  ),
  /** The order paying for it: shown to the asker and the owner only. */
  orderId: Nullable(Type.String()),
  createdAt: EpochMs,
  abilities: Type.Object({ answer: Type.Boolean(), setPublic: Type.Boolean() }),
});
export type PaidQuestionDto = Static<typeof PaidQuestion>;

export const PaidQuestionPage = Type.Object({
  items: Type.Array(PaidQuestion),
  nextCursor: Nullable(Type.String()),
});

export const AskBody = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: QUESTION_BODY_MAX }),
    public: Type.Boolean(),
    provider: Provider,
  },
  { additionalProperties: false },
);
export type AskInput = Static<typeof AskBody>;

export const AskResult = Type.Object({ question: PaidQuestion, order: Order });

export const AnswerBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: ANSWER_BODY_MAX }) },
  { additionalProperties: false },
);

export const QuestionVisibilityBody = Type.Object(
  { public: Type.Boolean() },
  { additionalProperties: false },
);

export const PaidQuestionsQuery = Type.Object(
  {
    /** public: answered questions askers made public; mine: the viewer's; inbox: all paid ones (owner). */
    scope: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('mine'), Type.Literal('inbox')])),
    /** inbox only: just the questions waiting for an answer. */
    state: Type.Optional(Type.Literal('open')),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);
export type PaidQuestionsQueryInput = Static<typeof PaidQuestionsQuery>;

export const TipBody = Type.Object(
  {
    amountMinor: Type.Integer({ minimum: TIP_MIN_MINOR, maximum: TIP_MAX_MINOR }),
    /** Tip an answer or comment of the post instead of the post itself. */
    commentId: Type.Optional(Id),
    message: Type.Optional(Type.String({ maxLength: 200 })),
    provider: Provider,
  },
  { additionalProperties: false },
);
export type TipInput = Static<typeof TipBody>;

export const Tip = Type.Object({
  id: Type.String(),
  postId: Type.String(),
  commentId: Nullable(Type.String()),
  recipient: Person,
  amountMinor: Type.Integer(),
  currency: Type.String(),
  message: Nullable(Type.String()),
  state: Type.Union([Type.Literal('unpaid'), Type.Literal('paid'), Type.Literal('refunded')]),
  createdAt: EpochMs,
});
export type TipDto = Static<typeof Tip>;

export const TipResult = Type.Object({ tip: Tip, order: Order });

export const TipsQuery = Type.Object({ commentId: Type.Optional(Id) }, { additionalProperties: false });

/** Who tipped a post or one of its comments; amounts only for the recipient and the owner. */
export const TipSummary = Type.Object({
  postId: Type.String(),
  commentId: Nullable(Type.String()),
  /** Paid tips, not refunded. */
  count: Type.Integer(),
  /** The latest tippers, at most 20, each once. */
  tippers: Type.Array(Person),
  /** Sum of paid tips: to the recipient and the owner; null for everyone else. */
  totalMinor: Nullable(Type.Integer()),
  currency: Type.String(),
  /** Whether the viewer may tip this (tips on, not their own, signed in). */
  canTip: Type.Boolean(),
});
export type TipSummaryDto = Static<typeof TipSummary>;
