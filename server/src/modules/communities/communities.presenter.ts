import type {
  CommunitiesTable,
  CommunityPlansTable,
  CommunityStaffRole,
  InvitationsTable,
  MembershipEventsTable,
  MembershipState,
  MembershipsTable,
} from '../../db/schema.js';
import { renderMarkdown } from '../../platform/markdown.js';
import { canManageCommunity, canModerate, isActiveMember, type Viewer } from '../access/access.rules.js';
import type {
  CommunityDto,
  CommunitySummaryDto,
  InvitationDto,
  ManagedCommunityDto,
  MemberDto,
  MembershipDto,
  PlanDto,
} from './communities.schemas.js';

export const parseTags = (json: string): string[] => {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
};

const toLanguage = (value: string): 'zh-CN' | 'en' => (value === 'zh-CN' ? 'zh-CN' : 'en');

export function presentCommunity(c: CommunitiesTable): CommunityDto {
  return {
    id: c.id,
    slug: c.slug,
    name: c.name,
    description: c.description,
    descriptionHtml: renderMarkdown(c.description),
    coverFileId: c.cover_file_id,
    avatarFileId: c.avatar_file_id,
    category: c.category,
    tags: parseTags(c.tags),
    timezone: c.timezone,
    language: toLanguage(c.language),
    visibility: c.visibility,
    joinPolicy: c.join_policy,
    memberCap: c.member_cap,
    memberCount: c.member_count,
    welcomeMessage: c.welcome_message,
    welcomeMessageHtml: renderMarkdown(c.welcome_message),
    rulesText: c.rules_text,
    rulesHtml: renderMarkdown(c.rules_text),
    ownerId: c.owner_id,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}

export interface PriceRangeRow {
  community_id: string;
  currency: string;
  min_minor: number;
  max_minor: number;
}

/** One range per community: its CNY plans when it has any, else its first currency. */
export function pickPriceRange(rows: readonly PriceRangeRow[]) {
  const row = rows.find((r) => r.currency === 'CNY') ?? rows[0];
  return row
    ? { minMinor: Number(row.min_minor), maxMinor: Number(row.max_minor), currency: row.currency }
    : null;
}

export function presentSummary(
  c: Pick<
    CommunitiesTable,
    | 'id'
    | 'slug'
    | 'name'
    | 'description'
    | 'avatar_file_id'
    | 'cover_file_id'
    | 'category'
    | 'tags'
    | 'language'
    | 'join_policy'
    | 'member_count'
    | 'created_at'
  >,
  ranges: readonly PriceRangeRow[],
): CommunitySummaryDto {
  return {
    id: c.id,
    slug: c.slug,
    name: c.name,
    descriptionHtml: renderMarkdown(c.description),
    avatarFileId: c.avatar_file_id,
    coverFileId: c.cover_file_id,
    category: c.category,
    tags: parseTags(c.tags),
    language: toLanguage(c.language),
    joinPolicy: c.join_policy,
    memberCount: c.member_count,
    priceRange: pickPriceRange(ranges),
    createdAt: c.created_at,
  };
}

export function presentPlan(p: CommunityPlansTable): PlanDto {
  return {
    id: p.id,
    communityId: p.community_id,
    name: p.name,
    kind: p.kind,
    priceMinor: Number(p.price_minor),
    currency: p.currency,
    termDays: p.term_days,
    interval: p.interval,
    trialDays: p.trial_days,
    status: p.status,
    position: p.position,
    createdAt: p.created_at,
  };
}

/** `membership` is the viewer's own row (for its source kind), when they have one. */
export function presentViewer(
  v: Viewer,
  community: Pick<CommunitiesTable, 'member_cap' | 'member_count'>,
  membership: Pick<MembershipsTable, 'source_kind'> | null,
) {
  const isMember = isActiveMember(v);
  const full = community.member_cap !== null && community.member_count >= community.member_cap;
  return {
    signedIn: v.userId !== null,
    role: v.staffRole,
    membership:
      v.membership && membership
        ? {
            state: v.membership.state,
            sourceKind: membership.source_kind,
            planId: v.membership.planId,
            startsAt: v.membership.startsAt,
            endsAt: v.membership.endsAt,
          }
        : null,
    isMember,
    canManage: canManageCommunity(v),
    canModerate: canModerate(v),
    canJoin: !isMember && v.membership?.state !== 'banned' && !full,
  };
}

export function presentMembership(m: MembershipsTable): MembershipDto {
  return {
    id: m.id,
    communityId: m.community_id,
    userId: m.user_id,
    planId: m.plan_id,
    state: m.state,
    startsAt: m.starts_at,
    endsAt: m.ends_at,
    sourceKind: m.source_kind,
    pricePaidMinor: Number(m.price_paid_minor),
    currency: m.currency,
    createdAt: m.created_at,
    updatedAt: m.updated_at,
  };
}

export interface MemberRow {
  id: string;
  user_id: string;
  display_name: string;
  role: CommunityStaffRole | null;
  state: MembershipState;
  plan_id: string | null;
  starts_at: number;
  ends_at: number | null;
  source_kind: MembershipsTable['source_kind'];
  created_at: number;
}

/** The team sees each member's state and plan; members see who else is there. */
export function presentMember(row: MemberRow, full: boolean): MemberDto {
  const base = {
    userId: row.user_id,
    displayName: row.display_name,
    joinedAt: row.created_at,
    role: row.role ?? null,
  };
  if (!full) return base;
  return {
    ...base,
    state: row.state,
    planId: row.plan_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    sourceKind: row.source_kind,
  };
}

export function presentEvent(e: MembershipEventsTable & { actor_name: string | null }) {
  return {
    id: e.id,
    kind: e.kind,
    fromState: e.from_state,
    toState: e.to_state,
    planId: e.plan_id,
    endsAt: e.ends_at,
    sourceKind: e.source_kind,
    actorId: e.actor_id,
    actorName: e.actor_name,
    reason: e.reason,
    createdAt: e.created_at,
  };
}

export function presentManagedCommunity(
  c: Pick<CommunitiesTable, 'id' | 'slug' | 'name' | 'avatar_file_id' | 'member_count'> & {
    role: CommunityStaffRole;
  },
): ManagedCommunityDto {
  return {
    id: c.id,
    slug: c.slug,
    name: c.name,
    avatarFileId: c.avatar_file_id,
    memberCount: Number(c.member_count),
    role: c.role,
  };
}

export const presentTeamMember = (r: {
  user_id: string;
  display_name: string;
  role: CommunityStaffRole;
}) => ({
  userId: r.user_id,
  displayName: r.display_name,
  role: r.role,
});

export function presentInvitation(i: InvitationsTable): InvitationDto {
  return {
    id: i.id,
    planId: i.plan_id,
    maxUses: i.max_uses,
    uses: i.uses,
    expiresAt: i.expires_at,
    revokedAt: i.revoked_at,
    createdAt: i.created_at,
  };
}
