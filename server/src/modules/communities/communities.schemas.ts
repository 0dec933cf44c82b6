import { type Static, type TSchema, Type } from 'typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const SLUG_PATTERN = '^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$';
const Slug = Type.String({ pattern: SLUG_PATTERN, description: 'URL name: a-z, 0-9 and -, 3–40 long' });
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Tag = Type.String({ minLength: 1, maxLength: 30 });
const Markdown = (maxLength: number) => Type.String({ maxLength });

export const Language = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]);
export const Visibility = Type.Union([Type.Literal('listed'), Type.Literal('unlisted')]);
export const JoinPolicyT = Type.Union([
  Type.Literal('open'),
  Type.Literal('paid'),
  Type.Literal('approval'),
  Type.Literal('invite'),
]);
export const PlanKindT = Type.Union([
  Type.Literal('free'),
  Type.Literal('lifetime'),
  Type.Literal('fixed_term'),
  Type.Literal('subscription'),
]);
export const MembershipStateT = Type.Union([
  Type.Literal('pending'),
  Type.Literal('active'),
  Type.Literal('expired'),
  Type.Literal('cancelled'),
  Type.Literal('refunded'),
  Type.Literal('banned'),
]);
export const MembershipSourceT = Type.Union([
  Type.Literal('free_join'),
  Type.Literal('order'),
  Type.Literal('invitation'),
  Type.Literal('manual'),
  Type.Literal('approval'),
]);
export const StaffRoleT = Type.Union([
  Type.Literal('owner'),
  Type.Literal('moderator'),
  Type.Literal('contributor'),
]);

// ── communities ──────────────────────────────────────────────────────────────

const communityFields = {
  name: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }),
  description: Markdown(20_000),
  coverFileId: Type.Optional(Nullable(Id)),
  avatarFileId: Type.Optional(Nullable(Id)),
  category: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  tags: Type.Optional(Type.Array(Tag, { maxItems: 10, uniqueItems: true })),
  timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  language: Type.Optional(Language),
  visibility: Type.Optional(Visibility),
  joinPolicy: Type.Optional(JoinPolicyT),
  memberCap: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 10_000_000 }))),
  welcomeMessage: Type.Optional(Markdown(5_000)),
  rulesText: Type.Optional(Markdown(20_000)),
};

export const CreateCommunityBody = Type.Object(
  { slug: Slug, ...communityFields, description: Type.Optional(Markdown(20_000)) },
  { additionalProperties: false },
);
export type CreateCommunityInput = Static<typeof CreateCommunityBody>;

export const UpdateCommunityBody = Type.Object(
  {
    slug: Type.Optional(Slug),
    ...communityFields,
    name: Type.Optional(communityFields.name),
    description: Type.Optional(Markdown(20_000)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateCommunityInput = Static<typeof UpdateCommunityBody>;

export const PriceRange = Type.Object({
  minMinor: Type.Integer(),
  maxMinor: Type.Integer(),
  currency: Type.String(),
});

export const Plan = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  name: Type.String(),
  kind: PlanKindT,
  priceMinor: Type.Integer(),
  currency: Type.String(),
  termDays: Nullable(Type.Integer()),
  interval: Nullable(Type.Union([Type.Literal('month'), Type.Literal('year')])),
  trialDays: Type.Integer(),
  status: Type.Union([Type.Literal('active'), Type.Literal('retired')]),
  position: Type.String(),
  createdAt: Type.Integer(),
});
export type PlanDto = Static<typeof Plan>;

export const CommunitySummary = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  descriptionHtml: Type.String(),
  avatarFileId: Nullable(Type.String()),
  coverFileId: Nullable(Type.String()),
  category: Nullable(Type.String()),
  tags: Type.Array(Type.String()),
  language: Language,
  joinPolicy: JoinPolicyT,
  memberCount: Type.Integer(),
  priceRange: Nullable(PriceRange),
  createdAt: Type.Integer(),
});
export type CommunitySummaryDto = Static<typeof CommunitySummary>;

export const ViewerMembership = Type.Object({
  state: MembershipStateT,
  /** How it came about: a pending `order` awaits payment, a pending `approval` the team's decision. */
  sourceKind: MembershipSourceT,
  planId: Nullable(Type.String()),
  startsAt: Type.Integer(),
  endsAt: Nullable(Type.Integer()),
});

export const CommunityViewer = Type.Object({
  signedIn: Type.Boolean(),
  role: Nullable(StaffRoleT),
  membership: Nullable(ViewerMembership),
  isMember: Type.Boolean(),
  canManage: Type.Boolean(),
  canModerate: Type.Boolean(),
  canJoin: Type.Boolean(),
});

export const Community = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  descriptionHtml: Type.String(),
  coverFileId: Nullable(Type.String()),
  avatarFileId: Nullable(Type.String()),
  category: Nullable(Type.String()),
  tags: Type.Array(Type.String()),
  timezone: Type.String(),
  language: Language,
  visibility: Visibility,
  joinPolicy: JoinPolicyT,
  memberCap: Nullable(Type.Integer()),
  memberCount: Type.Integer(),
  welcomeMessage: Type.String(),
  welcomeMessageHtml: Type.String(),
  rulesText: Type.String(),
  rulesHtml: Type.String(),
  ownerId: Type.String(),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});
export type CommunityDto = Static<typeof Community>;

export const CommunityLanding = Type.Object({
  community: Community,
  plans: Type.Array(Plan),
  viewer: CommunityViewer,
});

export const CommunityEnvelope = Type.Object({ community: Community });

export const CommunityPage = Type.Object({
  items: Type.Array(CommunitySummary),
  nextCursor: Nullable(Type.String()),
});

export const DiscoverQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

// ── communities the viewer runs ─────────────────────────────────────────────

export const MyCommunitiesQuery = Type.Object({
  role: Type.Optional(StaffRoleT),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
export type MyCommunitiesQueryInput = Static<typeof MyCommunitiesQuery>;

export const ManagedCommunity = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  avatarFileId: Nullable(Type.String()),
  memberCount: Type.Integer(),
  role: StaffRoleT,
});
export type ManagedCommunityDto = Static<typeof ManagedCommunity>;
export const ManagedCommunityPage = Type.Object({
  items: Type.Array(ManagedCommunity),
  nextCursor: Nullable(Type.String()),
});

export const TeamMember = Type.Object({
  userId: Type.String(),
  displayName: Type.String(),
  role: StaffRoleT,
});
export const TeamList = Type.Object({ items: Type.Array(TeamMember) });

export const IdOrSlugParams = Type.Object({ idOrSlug: Type.String({ minLength: 1, maxLength: 64 }) });
export const CommunityParams = Type.Object({ id: Id });
export const CommunityUserParams = Type.Object({ id: Id, userId: Id });

// ── settings (operator) ─────────────────────────────────────────────────────

export const CreationPolicy = Type.Union([Type.Literal('anyone'), Type.Literal('approved')]);
export type CreationPolicy = Static<typeof CreationPolicy>;
export const CreationSettings = Type.Object({ policy: CreationPolicy }, { additionalProperties: false });
export const UserIdParams = Type.Object({ userId: Id });
export const ApprovedCreator = Type.Object({ userId: Type.String(), approved: Type.Boolean() });

// ── plans ────────────────────────────────────────────────────────────────────

export const CreatePlanBody = Type.Object(
  {
    kind: PlanKindT,
    name: Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' }),
    priceMinor: Type.Integer({ minimum: 0, maximum: 100_000_000_00 }),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    termDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 36_500 })),
    interval: Type.Optional(Type.Union([Type.Literal('month'), Type.Literal('year')])),
    trialDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
  },
  { additionalProperties: false },
);
export type CreatePlanInput = Static<typeof CreatePlanBody>;

export const UpdatePlanBody = Type.Object(
  {
    name: Type.Optional(CreatePlanBody.properties.name),
    priceMinor: Type.Optional(CreatePlanBody.properties.priceMinor),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('retired')])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdatePlanInput = Static<typeof UpdatePlanBody>;

export const PlanParams = Type.Object({ id: Id });
export const PlanEnvelope = Type.Object({ plan: Plan });
export const PlanList = Type.Object({ items: Type.Array(Plan) });

// ── roles ────────────────────────────────────────────────────────────────────

export const SetRoleBody = Type.Object(
  { role: Type.Union([Type.Literal('moderator'), Type.Literal('contributor')]) },
  { additionalProperties: false },
);
export const RoleResponse = Type.Object({
  communityId: Type.String(),
  userId: Type.String(),
  role: StaffRoleT,
});

// ── memberships ─────────────────────────────────────────────────────────────

export const Membership = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  userId: Type.String(),
  planId: Nullable(Type.String()),
  state: MembershipStateT,
  startsAt: Type.Integer(),
  endsAt: Nullable(Type.Integer()),
  sourceKind: MembershipSourceT,
  pricePaidMinor: Type.Integer(),
  currency: Nullable(Type.String()),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});
export type MembershipDto = Static<typeof Membership>;
export const MembershipEnvelope = Type.Object({ membership: Membership });

export const JoinBody = Type.Object(
  { planId: Id, invitationToken: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) },
  { additionalProperties: false },
);
export type JoinInput = Static<typeof JoinBody>;

export const JoinResult = Type.Object({
  membership: Membership,
  /** What the client does next: nothing, pay for the plan, or wait for the owner. */
  next: Type.Union([Type.Literal('none'), Type.Literal('payment'), Type.Literal('approval')]),
});

export const MyMembership = Type.Object({
  membership: Membership,
  community: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }),
});
export const MyMembershipPage = Type.Object({
  items: Type.Array(MyMembership),
  nextCursor: Nullable(Type.String()),
});

export const MemberQuery = Type.Object({
  state: Type.Optional(MembershipStateT),
  planId: Type.Optional(Id),
  joinedAfter: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
export type MemberQueryInput = Static<typeof MemberQuery>;

export const Member = Type.Object({
  userId: Type.String(),
  displayName: Type.String(),
  joinedAt: Type.Integer(),
  role: Nullable(StaffRoleT),
  state: Type.Optional(MembershipStateT),
  planId: Type.Optional(Nullable(Type.String())),
  startsAt: Type.Optional(Type.Integer()),
  endsAt: Type.Optional(Nullable(Type.Integer())),
  sourceKind: Type.Optional(MembershipSourceT),
});
export type MemberDto = Static<typeof Member>;
export const MemberPage = Type.Object({ items: Type.Array(Member), nextCursor: Nullable(Type.String()) });

export const MembershipEvent = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  fromState: Nullable(MembershipStateT),
  toState: MembershipStateT,
  planId: Nullable(Type.String()),
  endsAt: Nullable(Type.Integer()),
  sourceKind: Nullable(Type.String()),
  actorId: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  createdAt: Type.Integer(),
});
export const MembershipEventPage = Type.Object({
  items: Type.Array(MembershipEvent),
  nextCursor: Nullable(Type.String()),
});

const Reason = Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' });
const RequestId = Type.String({
  minLength: 8,
  maxLength: 100,
  description: 'Idempotency key: the same requestId applies once',
});

export const GrantBody = Type.Object(
  {
    planId: Id,
    endsAt: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
    reason: Type.Optional(Reason),
    requestId: Type.Optional(RequestId),
  },
  { additionalProperties: false },
);
export type GrantInput = Static<typeof GrantBody>;
export const ExtendBody = Type.Object(
  {
    days: Type.Integer({ minimum: 1, maximum: 36_500 }),
    reason: Type.Optional(Reason),
    requestId: Type.Optional(RequestId),
  },
  { additionalProperties: false },
);
export type ExtendInput = Static<typeof ExtendBody>;
export const ReasonBody = Type.Object({ reason: Reason }, { additionalProperties: false });
export const OptionalReasonBody = Type.Object(
  { reason: Type.Optional(Reason) },
  { additionalProperties: false },
);

export const JoinRequest = Type.Object({
  userId: Type.String(),
  displayName: Type.String(),
  planId: Nullable(Type.String()),
  requestedAt: Type.Integer(),
});
export const JoinRequestPage = Type.Object({
  items: Type.Array(JoinRequest),
  nextCursor: Nullable(Type.String()),
});

// ── invitations ─────────────────────────────────────────────────────────────

export const CreateInvitationBody = Type.Object(
  {
    planId: Type.Optional(Id),
    maxUses: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    expiresAt: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type CreateInvitationInput = Static<typeof CreateInvitationBody>;

export const Invitation = Type.Object({
  id: Type.String(),
  planId: Nullable(Type.String()),
  maxUses: Nullable(Type.Integer()),
  uses: Type.Integer(),
  expiresAt: Nullable(Type.Integer()),
  revokedAt: Nullable(Type.Integer()),
  createdAt: Type.Integer(),
});
export type InvitationDto = Static<typeof Invitation>;
export const CreatedInvitation = Type.Object({ id: Type.String(), token: Type.String(), url: Type.String() });
export const InvitationPage = Type.Object({
  items: Type.Array(Invitation),
  nextCursor: Nullable(Type.String()),
});
export const InvitationParams = Type.Object({ id: Id, invId: Id });

/** Error codes of this module, stable for clients. */
export const CommunityErrors = {
  slugTaken: 'slug_taken',
  slugReserved: 'slug_reserved',
  creationRestricted: 'creation_restricted',
  alreadyMember: 'already_member',
  banned: 'banned',
  communityFull: 'community_full',
  invitationRequired: 'invitation_required',
  invitationInvalid: 'invitation_invalid',
  planUnavailable: 'plan_unavailable',
  notAMember: 'not_a_member',
  ownerRole: 'owner_role',
  noRequest: 'no_join_request',
} as const;
