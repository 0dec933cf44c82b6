import type { ColumnType, Generated } from 'kysely';

/**
 * Table types: the one source of truth for what the database holds.
 * Columns are snake_case; times are epoch milliseconds; ids are UUIDv7 strings.
 */
export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  display_name: string;
  locale: string;
  role: 'operator' | 'user';
  email_verified_at: number | null;
  password_changed_at: number;
  created_at: number;
  updated_at: number;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  /** SHA-256 of the cookie token, hex; the token itself is never stored. */
  token_hash: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip: string | null;
  user_agent: string | null;
}

export interface AuthTokensTable {
  id: string;
  user_id: string;
  purpose: 'password_reset' | 'email_verify';
  token_hash: string;
  expires_at: number;
  used_at: number | null;
  created_at: number;
}

export interface OutboxTable {
  id: string;
  topic: string;
  /** JSON text. */
  payload: string;
  status: 'pending' | 'done' | 'dead';
  attempts: number;
  run_after: number;
  locked_until: number | null;
  last_error: string | null;
  created_at: number;
  done_at: number | null;
}

export interface MailMessagesTable {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  /** `log` when no SMTP server is configured, `smtp` when it was handed to one. */
  transport: 'log' | 'smtp';
  created_at: number;
}

export interface AuditLogTable {
  id: string;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  /** JSON text. */
  data: string;
  ip: string | null;
  created_at: number;
}

/** Operator-level settings by key; `setup_done` marks a finished first run. */
export interface SiteSettingsTable {
  key: string;
  /** JSON text. */
  value: string;
  updated_at: number;
}

/** Uploaded files; the bytes live content-addressed under DATA_DIR/files by sha256. */
export interface FilesTable {
  id: string;
  sha256: string;
  size: number;
  mime: string;
  kind: 'image' | 'video' | 'attachment';
  original_name: string;
  uploader_id: string;
  community_id: string | null;
  created_at: number;
}

export type CommunityVisibility = 'listed' | 'unlisted';
export type JoinPolicy = 'open' | 'paid' | 'approval' | 'invite';

export interface CommunitiesTable {
  id: string;
  slug: string;
  name: string;
  /** Markdown, stored as written. */
  description: string;
  cover_file_id: string | null;
  avatar_file_id: string | null;
  category: string | null;
  /** JSON array of strings. */
  tags: string;
  timezone: string;
  language: string;
  visibility: CommunityVisibility;
  join_policy: JoinPolicy;
  member_cap: number | null;
  /** Active members, kept in the same transaction as every membership change. */
  member_count: number;
  welcome_message: string;
  rules_text: string;
  /** Lower-cased, segmented name, description and tags for discovery search. */
  search_text: string;
  owner_id: string;
  created_at: number;
  updated_at: number;
}

export type PlanKind = 'free' | 'lifetime' | 'fixed_term' | 'subscription';

export interface CommunityPlansTable {
  id: string;
  community_id: string;
  name: string;
  kind: PlanKind;
  price_minor: number;
  currency: string;
  term_days: number | null;
  interval: 'month' | 'year' | null;
  trial_days: number;
  status: 'active' | 'retired';
  position: string;
  created_at: number;
  updated_at: number;
}

export type CommunityStaffRole = 'owner' | 'moderator' | 'contributor';

export interface CommunityRolesTable {
  community_id: string;
  user_id: string;
  role: CommunityStaffRole;
  granted_by: string | null;
  created_at: number;
}

export type MembershipState = 'pending' | 'active' | 'expired' | 'cancelled' | 'refunded' | 'banned';
export type MembershipSource = 'free_join' | 'order' | 'invitation' | 'manual' | 'approval';

/** One row per member and community; its history is in membership_events. */
export interface MembershipsTable {
  id: string;
  community_id: string;
  user_id: string;
  plan_id: string | null;
  state: MembershipState;
  starts_at: number;
  /** null: no end (free or lifetime). Access compares this with the clock. */
  ends_at: number | null;
  source_kind: MembershipSource;
  /** What this member paid for the current term; later price changes never touch it. */
  price_paid_minor: number;
  currency: string | null;
  ban_reason: string | null;
  reminded_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface MembershipEventsTable {
  id: string;
  membership_id: string;
  community_id: string;
  user_id: string;
  kind: string;
  from_state: MembershipState | null;
  to_state: MembershipState;
  plan_id: string | null;
  ends_at: number | null;
  source_kind: string | null;
  /** With source_kind, unique: the same grant (order, invitation use…) applies once. */
  source_id: string | null;
  actor_id: string | null;
  reason: string | null;
  created_at: number;
}

/** Users the operator allows to create communities when creation is limited to approved creators. */
export interface ApprovedCreatorsTable {
  user_id: string;
  approved_by: string | null;
  created_at: number;
}

export interface InvitationsTable {
  id: string;
  community_id: string;
  token_hash: string;
  plan_id: string | null;
  max_uses: number | null;
  uses: number;
  expires_at: number | null;
  revoked_at: number | null;
  created_by: string;
  created_at: number;
}

export type ContentStatus = 'draft' | 'in_review' | 'scheduled' | 'published' | 'archived';
export type CourseLevel = 'novice' | 'advanced' | 'expert';

export interface CoursesTable {
  id: string;
  community_id: string;
  title: string;
  summary: string;
  cover_file_id: string | null;
  /** JSON array of strings. */
  tags: string;
  level: CourseLevel;
  status: ContentStatus;
  publish_at: number | null;
  published_at: number | null;
  /** Fractional ordering key: moving an item rewrites only its own key. */
  position: string;
  author_id: string;
  prerequisite_course_id: string | null;
  /** Bumped by triggers on every change to the course's chapters, lessons' outline columns or attachments. */
  structure_version: number;
  created_at: number;
  updated_at: number;
}

export interface CoursePlansTable {
  course_id: string;
  plan_id: string;
}

export interface ChaptersTable {
  id: string;
  course_id: string;
  title: string;
  position: string;
  created_at: number;
  updated_at: number;
}

export type DripKind = 'none' | 'date' | 'days_after_join';

export interface LessonsTable {
  id: string;
  community_id: string;
  course_id: string;
  chapter_id: string;
  title: string;
  /** Markdown as written. */
  body: string;
  /** The body rendered and sanitised once, at write time. */
  body_html: string;
  /** Bumped by a trigger whenever body_html changes (`LessonBodyCache`). */
  body_revision: Generated<number>;
  video_file_id: string | null;
  video_url: string | null;
  estimated_minutes: number | null;
  /** 1 when visitors may read it (试看). */
  free_preview: number;
  status: ContentStatus;
  publish_at: number | null;
  published_at: number | null;
  drip_kind: DripKind;
  drip_at: number | null;
  drip_days: number | null;
  prerequisite_lesson_id: string | null;
  position: string;
  author_id: string;
  created_at: number;
  updated_at: number;
}

export interface LessonAttachmentsTable {
  lesson_id: string;
  file_id: string;
  name: string;
  position: string;
}

export interface LessonProgressTable {
  user_id: string;
  lesson_id: string;
  course_id: string;
  started_at: number;
  position_seconds: number;
  completed_at: number | null;
  updated_at: number;
}

export interface ContentReviewsTable {
  id: string;
  community_id: string;
  item_type: 'course' | 'lesson';
  item_id: string;
  submitted_by: string;
  state: 'pending' | 'approved' | 'rejected';
  decided_by: string | null;
  reason: string | null;
  created_at: number;
  decided_at: number | null;
}

export interface RecurringJobsTable {
  name: string;
  next_run_at: number;
  last_started_at: number | null;
  last_finished_at: number | null;
  last_error: string | null;
}

// ── payments ───────────────────────────────────────────────────────────────

export type CouponKind = 'percent' | 'fixed';
export interface CouponsTable {
  id: string;
  community_id: string;
  /** Upper-case; matched case-insensitively. */
  code: string;
  kind: CouponKind;
  percent_off: number | null;
  amount_off_minor: number | null;
  currency: string | null;
  valid_from: number | null;
  valid_until: number | null;
  max_redemptions: number | null;
  redeemed: number;
  once_per_user: number;
  status: 'active' | 'disabled';
  created_by: string;
  created_at: number;
  updated_at: number;
}
export interface CouponPlansTable {
  coupon_id: string;
  plan_id: string;
}
export interface CouponRedemptionsTable {
  coupon_id: string;
  order_id: string;
  user_id: string;
  state: 'held' | 'used' | 'released';
  created_at: number;
}

export type OrderState =
  | 'created'
  | 'pending'
  | 'paid'
  | 'partially_refunded'
  | 'refunded'
  | 'cancelled'
  | 'expired';
export type PaymentProviderName = 'stripe' | 'alipay' | 'wechatpay' | 'manual' | 'test';
/** Whose account received the payment: the platform's, or the community's own provider account. */
export type OrderSettlement = 'platform' | 'community';
export type OrderItemKind = 'plan' | 'question' | 'tip';
export interface OrdersTable {
  id: string;
  community_id: string;
  buyer_id: string;
  /** What was bought: a plan, a paid question (`paid_questions.id`) or a tip (`tips.id`). */
  item_kind: OrderItemKind;
  item_id: string;
  item_name: string;
  list_price_minor: number;
  discount_minor: number;
  amount_minor: number;
  currency: string;
  coupon_id: string | null;
  provider: PaymentProviderName;
  provider_ref: string | null;
  /** JSON of the client's next step (redirect URL or QR payload). */
  payment_action: string | null;
  subscription_id: string | null;
  /** Optional on insert only: the column defaults to 'platform'. */
  settlement?: OrderSettlement;
  /** Who is credited with the money less the fee when not the creator (a tipped member). */
  payee_id?: string | null;
  state: OrderState;
  refunded_minor: number;
  idempotency_key: string | null;
  expires_at: number;
  paid_at: number | null;
  created_at: number;
  updated_at: number;
}
export interface PaymentEventsTable {
  provider: PaymentProviderName;
  event_id: string;
  kind: string;
  order_id: string | null;
  outcome: string;
  received_at: number;
}
export interface RefundsTable {
  id: string;
  order_id: string;
  amount_minor: number;
  currency: string;
  reason: string;
  requested_by: string | null;
  state: 'pending' | 'succeeded' | 'failed';
  provider_refund_ref: string | null;
  idempotency_key: string | null;
  created_at: number;
  completed_at: number | null;
}
export interface SubscriptionsTable {
  id: string;
  community_id: string;
  user_id: string;
  plan_id: string;
  provider: PaymentProviderName;
  provider_ref: string;
  state: 'active' | 'past_due' | 'cancelling' | 'ended';
  current_period_end: number;
  grace_until: number | null;
  created_at: number;
  updated_at: number;
}
export interface PayoutsTable {
  id: string;
  community_id: string;
  /** payout: the platform paid the creator; fees_collected: the creator paid the platform its fees. */
  kind?: 'payout' | 'fees_collected';
  amount_minor: number;
  currency: string;
  reference: string;
  note: string | null;
  idempotency_key: string | null;
  recorded_by: string;
  created_at: number;
}
export type LedgerAccount =
  | 'buyer_payments'
  | 'creator_payable'
  | 'platform_revenue'
  /** Money the creator's own provider account received (community keys); debit balance. */
  | 'creator_held'
  | 'refunds_paid'
  | 'payouts_paid'
  /** A referrer's commission while the order's refund window is open (party: the referrer). */
  | 'referral_pending'
  /** Commission owed to a referrer (party: the referrer). */
  | 'referral_payable'
  /** What the platform owes a member other than the creator: tips they received (party: the member). */
  | 'member_payable';
export interface LedgerEntriesTable {
  id: string;
  kind:
    | 'payment'
    | 'refund'
    | 'payout'
    | 'renewal'
    | 'referral_commission'
    | 'referral_release'
    | 'referral_reversal'
    | 'fees_collected';
  community_id: string;
  order_id: string | null;
  refund_id: string | null;
  payout_id: string | null;
  memo: string;
  /** Unique when set: an entry that must be booked once (a commission, its release, a reversal). */
  dedupe_key?: string | null;
  created_at: number;
}
export interface LedgerLinesTable {
  entry_id: string;
  line_no: number;
  account: LedgerAccount;
  community_id: string;
  /** Whose the line is, for accounts kept per person (a referrer's commission). */
  party_id?: string | null;
  /** Debit positive, credit negative. */
  amount_minor: number;
  currency: string;
  created_at: number;
}
export interface PaidInteractionSettingsTable {
  community_id: string;
  currency: string;
  questions_enabled: number;
  question_price_minor: number;
  question_answer_days: number;
  tips_enabled: number;
  updated_at: number;
}
export type PaidQuestionState = 'unpaid' | 'open' | 'refunding' | 'answered' | 'refunded';
export interface PaidQuestionsTable {
  id: string;
  community_id: string;
  asker_id: string;
  order_id: string;
  body: string;
  public: number;
  state: PaidQuestionState;
  price_minor: number;
  currency: string;
  answer_days: number;
  due_at: number | null;
  answer_body: string | null;
  answered_by: string | null;
  answered_at: number | null;
  created_at: number;
  updated_at: number;
}
export type TipState = 'unpaid' | 'paid' | 'refunded';
export interface TipsTable {
  id: string;
  community_id: string;
  post_id: string;
  comment_id: string | null;
  recipient_id: string;
  tipper_id: string;
  order_id: string;
  amount_minor: number;
  currency: string;
  message: string | null;
  state: TipState;
  created_at: number;
  paid_at: number | null;
}
export interface CommunityPaymentSettingsTable {
  community_id: string;
  refund_window_hours: number;
  updated_at: number;
}

export interface PaymentCredentialsTable {
  id: string;
  /** `site` or a community id. */
  scope: string;
  community_id: string | null;
  provider: 'stripe' | 'alipay' | 'wechatpay';
  key_version: number;
  sealed: string;
  summary: string;
  updated_by: string;
  updated_at: number;
}

export interface ReferralProgramsTable {
  plan_id: string;
  community_id: string;
  enabled: number;
  commission_bp: number;
  updated_by: string;
  updated_at: number;
}
export interface ReferralCodesTable {
  code: string;
  community_id: string;
  user_id: string;
  created_at: number;
}
export interface ReferralClicksTable {
  id: string;
  community_id: string;
  code: string;
  referrer_id: string;
  visitor_id: string | null;
  visitor_key: string | null;
  created_at: number;
}
export type ReferralCommissionState = 'attributed' | 'pending' | 'payable' | 'reversed';
export interface ReferralCommissionsTable {
  order_id: string;
  community_id: string;
  referrer_id: string;
  click_id: string;
  commission_bp: number;
  commission_minor: number;
  reversed_minor: number;
  currency: string;
  state: ReferralCommissionState;
  payable_at: number | null;
  created_at: number;
  updated_at: number;
}
export type GiftState = 'awaiting_payment' | 'ready' | 'redeemed' | 'void';
export interface GiftsTable {
  id: string;
  order_id: string;
  community_id: string;
  plan_id: string;
  buyer_id: string;
  recipient_email: string | null;
  token_hash: string | null;
  state: GiftState;
  redeemed_by: string | null;
  redeemed_at: number | null;
  created_at: number;
  updated_at: number;
}

// ── activities (polls, check-in challenges, assignments) ────────────────────

export type PollResultsVisibility = 'after_vote' | 'after_close';
export interface PollsTable {
  id: string;
  community_id: string;
  /** The discussion post it is attached to, if any. */
  post_id: string | null;
  author_id: string;
  question: string;
  multiple: number;
  max_choices: number;
  anonymous: number;
  results_visibility: PollResultsVisibility;
  closes_at: number | null;
  /** Set when closed early by its author or a moderator. */
  closed_at: number | null;
  created_at: number;
  updated_at: number;
}
export interface PollOptionsTable {
  id: string;
  poll_id: string;
  label: string;
  position: number;
}
export interface PollBallotsTable {
  poll_id: string;
  user_id: string;
  created_at: number;
  updated_at: number;
}
export interface PollVotesTable {
  poll_id: string;
  option_id: string;
  user_id: string;
  created_at: number;
}
export type ChallengeCadence = 'daily' | 'weekly';
export interface ChallengesTable {
  id: string;
  community_id: string;
  author_id: string;
  title: string;
  description: string;
  description_html: string;
  /** YYYY-MM-DD in the community's time zone, both included. */
  start_date: string;
  end_date: string;
  cadence: ChallengeCadence;
  created_at: number;
  updated_at: number;
}
export interface CheckinsTable {
  id: string;
  challenge_id: string;
  community_id: string;
  user_id: string;
  period_key: string;
  local_date: string;
  body: string;
  /** JSON array of file ids. */
  file_ids: string;
  created_at: number;
}
/** Which check-in or submission uses a file: the indexed look-up behind reading member files. */
export type ActivityFileKind = 'checkin' | 'submission';
export interface ActivityFilesTable {
  kind: ActivityFileKind;
  item_id: string;
  file_id: string;
}
export interface ChallengeParticipantsTable {
  challenge_id: string;
  user_id: string;
  checkin_count: number;
  current_streak: number;
  longest_streak: number;
  last_period_key: string;
  updated_at: number;
}
export interface AssignmentsTable {
  id: string;
  community_id: string;
  author_id: string;
  title: string;
  description: string;
  description_html: string;
  due_at: number;
  created_at: number;
  updated_at: number;
}
export interface AssignmentSubmissionsTable {
  id: string;
  assignment_id: string;
  community_id: string;
  user_id: string;
  body: string;
  body_html: string;
  /** JSON array of file ids. */
  file_ids: string;
  state: 'submitted' | 'reviewed';
  late: number;
  revision: number;
  submitted_at: number;
  score: number | null;
  feedback: string | null;
  reviewed_by: string | null;
  reviewed_at: number | null;
  featured: number;
  created_at: number;
  updated_at: number;
}

/** Discussions (migration 0008). */
export type PostKind = 'discussion' | 'question';
export type PostState = 'published' | 'in_review' | 'hidden' | 'deleted';
export interface PostsTable {
  id: string;
  community_id: string;
  author_id: string;
  kind: PostKind;
  title: string | null;
  body: string;
  body_html: string;
  /** JSON array of strings. */
  tags: string;
  state: PostState;
  pinned: number;
  featured: number;
  locked: number;
  reaction_count: number;
  comment_count: number;
  answer_count: number;
  accepted_comment_id: string | null;
  /** log10(1 + reactions + 2·comments) + age term; see docs/discussions.md. */
  hot_score: number;
  /** Why it was hidden or deleted (review rejection, moderator's reason). */
  state_reason: string | null;
  edited_at: number | null;
  last_activity_at: number;
  created_at: number;
  updated_at: number;
}
export interface PostTagsTable {
  post_id: string;
  community_id: string;
  tag: string;
}
export interface PostRevisionsTable {
  id: string;
  post_id: string;
  editor_id: string;
  title: string | null;
  body: string;
  tags: string;
  created_at: number;
}
export interface PostFilesTable {
  post_id: string;
  file_id: string;
  role: 'attachment' | 'inline';
}
export type CommentState = 'published' | 'hidden' | 'deleted';
export interface PostCommentsTable {
  id: string;
  post_id: string;
  community_id: string;
  author_id: string;
  parent_id: string | null;
  root_id: string | null;
  body: string;
  body_html: string;
  state: CommentState;
  reaction_count: number;
  upvote_count: number;
  reply_count: number;
  idempotency_key: string | null;
  state_reason: string | null;
  edited_at: number | null;
  created_at: number;
  updated_at: number;
}
export interface PostReactionsTable {
  post_id: string;
  user_id: string;
  kind: string;
  created_at: number;
}
export interface CommentReactionsTable {
  comment_id: string;
  user_id: string;
  kind: string;
  created_at: number;
}
export interface DiscussionSettingsTable {
  community_id: string;
  posts_require_review: number;
  new_member_link_limit: number;
  new_member_days: number;
  updated_at: number;
}

/** One in-app notification: references only, never the item's text (see docs/notifications.md). */
export interface NotificationsTable {
  id: string;
  recipient_id: string;
  kind: string;
  source_id: string;
  community_id: string;
  actor_id: string | null;
  item_type: string;
  item_id: string;
  comment_id: string | null;
  /** JSON object: the reaction, the review decision. */
  data: string;
  in_app: number;
  created_at: number;
  read_at: number | null;
  emailed_at: number | null;
}

export interface NotificationPreferencesTable {
  user_id: string;
  kind: string;
  in_app: number;
  email: 'off' | 'daily' | 'weekly';
  updated_at: number;
}

export interface CommunityNotificationMutesTable {
  user_id: string;
  community_id: string;
  created_at: number;
}

export interface NotificationDigestsTable {
  user_id: string;
  cadence: 'daily' | 'weekly';
  period: number;
  notification_count: number;
  sent_at: number;
}

/** Search (migration 0009): one row per indexed item; the segmented tokens live beside it per dialect (db/search-index.ts). */
export interface SearchDocumentsTable {
  kind: 'post' | 'comment' | 'lesson';
  id: string;
  community_id: string;
  parent_id: string | null;
  /** Original title and plain text, for highlighted snippets. */
  title: string;
  body: string;
  author_id: string | null;
  created_at: number;
  indexed_at: number;
  tokenizer_version: number;
  /**
   * A post's state and author (a comment's: its post's) and a comment's own state, copied from
   * the live rows by triggers (migration 0015) for the access rule; never written by the app.
   */
  post_state: ColumnType<PostState | null, never, never>;
  post_author_id: ColumnType<string | null, never, never>;
  comment_state: ColumnType<CommentState | null, never, never>;
}

export interface DB {
  site_settings: SiteSettingsTable;
  search_documents: SearchDocumentsTable;
  users: UsersTable;
  sessions: SessionsTable;
  auth_tokens: AuthTokensTable;
  outbox: OutboxTable;
  mail_messages: MailMessagesTable;
  audit_log: AuditLogTable;
  files: FilesTable;
  communities: CommunitiesTable;
  community_plans: CommunityPlansTable;
  community_roles: CommunityRolesTable;
  memberships: MembershipsTable;
  membership_events: MembershipEventsTable;
  invitations: InvitationsTable;
  approved_creators: ApprovedCreatorsTable;
  courses: CoursesTable;
  course_plans: CoursePlansTable;
  chapters: ChaptersTable;
  lessons: LessonsTable;
  lesson_attachments: LessonAttachmentsTable;
  lesson_progress: LessonProgressTable;
  content_reviews: ContentReviewsTable;
  recurring_jobs: RecurringJobsTable;
  coupons: CouponsTable;
  coupon_plans: CouponPlansTable;
  coupon_redemptions: CouponRedemptionsTable;
  orders: OrdersTable;
  payment_events: PaymentEventsTable;
  refunds: RefundsTable;
  subscriptions: SubscriptionsTable;
  payouts: PayoutsTable;
  ledger_entries: LedgerEntriesTable;
  ledger_lines: LedgerLinesTable;
  community_payment_settings: CommunityPaymentSettingsTable;
  paid_interaction_settings: PaidInteractionSettingsTable;
  paid_questions: PaidQuestionsTable;
  tips: TipsTable;
  referral_programs: ReferralProgramsTable;
  referral_codes: ReferralCodesTable;
  referral_clicks: ReferralClicksTable;
  referral_commissions: ReferralCommissionsTable;
  gifts: GiftsTable;
  payment_credentials: PaymentCredentialsTable;
  posts: PostsTable;
  post_tags: PostTagsTable;
  post_revisions: PostRevisionsTable;
  post_files: PostFilesTable;
  post_comments: PostCommentsTable;
  post_reactions: PostReactionsTable;
  comment_reactions: CommentReactionsTable;
  discussion_settings: DiscussionSettingsTable;
  polls: PollsTable;
  poll_options: PollOptionsTable;
  poll_ballots: PollBallotsTable;
  poll_votes: PollVotesTable;
  challenges: ChallengesTable;
  checkins: CheckinsTable;
  challenge_participants: ChallengeParticipantsTable;
  assignments: AssignmentsTable;
  assignment_submissions: AssignmentSubmissionsTable;
  activity_files: ActivityFilesTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  community_notification_mutes: CommunityNotificationMutesTable;
  notification_digests: NotificationDigestsTable;
}
