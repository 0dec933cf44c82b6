import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/dialect.js';
import type {
  CommunityPlansTable,
  DB,
  MembershipSource,
  MembershipState,
  MembershipsTable,
} from '../../db/schema.js';
import type { Actor, UserActor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, conflict, forbidden, notFound, unauthenticated } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, toPage } from '../../platform/pagination.js';
import { hashToken } from '../../platform/tokens.js';
import { decideMemberArea, isActiveMember, type Viewer } from '../access/access.rules.js';
import type { AccessService } from '../access/access.service.js';
import { type CommunityAction, can, memberListScope } from './communities.policy.js';
import * as cq from './communities.queries.js';
import {
  CommunityErrors,
  type ExtendInput,
  type GrantInput,
  type JoinInput,
  type MemberQueryInput,
} from './communities.schemas.js';
import { DAY_MS, termEnd } from './membership-terms.js';
import * as q from './memberships.queries.js';

export interface GrantSource {
  kind: MembershipSource;
  /** With `kind`, applies once: a replay returns the first result and changes nothing. */
  id: string;
}

export interface GrantMembershipInput {
  communityId: string;
  userId: string;
  planId: string;
  source: GrantSource;
  actorId: string | null;
  reason?: string;
  /** Overrides the end the plan gives (a manual grant); null for no end. */
  endsAt?: number | null;
  /** What was paid for this term (orders); defaults to the plan's price for orders, else 0. */
  pricePaidMinor?: number;
  currency?: string;
}

export interface GrantResult {
  membership: MembershipsTable;
  /** False when this source had already been applied: nothing changed. */
  applied: boolean;
}

export type JoinNext = 'none' | 'payment' | 'approval';

interface MembershipChange {
  state: MembershipState;
  planId: string | null;
  startsAt: number;
  endsAt: number | null;
  sourceKind: MembershipSource;
  pricePaidMinor: number;
  currency: string | null;
  banReason: string | null;
  remindedAt: number | null;
}

interface EventFacts {
  kind: string;
  actorId: string | null;
  reason?: string | null;
  /** A grant's source, or the refund that ended the membership: each applies once. */
  source?: GrantSource | { kind: 'refund'; id: string };
}

export interface MembershipsDeps {
  db: Kysely<DB>;
  clock: Clock;
  access: AccessService;
}

const communityFull = () =>
  conflict(CommunityErrors.communityFull, 'This community has reached its member limit.');
const bannedError = () => new AppError(403, CommunityErrors.banned, 'You were banned from this community.');

/**
 * Memberships: joining, leaving, the team's actions on members, and the one entry point that
 * grants a membership (`grantMembership`), which payments, invitations and approvals all call.
 * Every change appends a membership event and keeps `communities.member_count` exact in the
 * same transaction.
 */
export class MembershipsService {
  private readonly db: Kysely<DB>;
  private readonly clock: Clock;

  constructor(private readonly deps: MembershipsDeps) {
    this.db = deps.db;
    this.clock = deps.clock;
  }

  // ── the grant ────────────────────────────────────────────────────────────

  /** Grants (or extends) a membership, once per source. Throws 409 when full or banned. */
  grantMembership(input: GrantMembershipInput): Promise<GrantResult> {
    return this.transaction((tx) => this.applyGrant(tx, input));
  }

  private async applyGrant(
    tx: Kysely<DB>,
    input: GrantMembershipInput,
    onApplied?: (tx: Kysely<DB>, membership: MembershipsTable) => Promise<void>,
  ): Promise<GrantResult> {
    const now = this.clock.now();
    const replay = await q.findEventBySource(tx, input.source.kind, input.source.id);
    if (replay) {
      const membership = await q.findMembership(tx, replay.community_id, replay.user_id);
      if (!membership) throw notFound('membership');
      return { membership, applied: false };
    }
    const plan = await cq.findPlan(tx, input.planId);
    if (!plan || plan.community_id !== input.communityId) throw notFound('plan');
    const existing = await q.lockMembership(tx, input.communityId, input.userId);
    if (existing?.state === 'banned') throw conflict(CommunityErrors.banned, 'This user is banned here.');

    const live =
      existing?.state === 'active' && (existing.ends_at === null || existing.ends_at > now) ? existing : null;
    const paid = input.source.kind === 'order';
    const pricePaid = input.pricePaidMinor ?? (paid ? Number(plan.price_minor) : 0);
    let change: MembershipChange;
    if (live) {
      change = {
        ...this.unchanged(live),
        planId: plan.id,
        endsAt: input.endsAt !== undefined ? input.endsAt : await this.extendedEnd(tx, live, plan, now),
        sourceKind: input.source.kind,
        pricePaidMinor: paid ? pricePaid : Number(live.price_paid_minor),
        currency: paid ? (input.currency ?? plan.currency) : live.currency,
      };
      change.remindedAt = change.endsAt === live.ends_at ? live.reminded_at : null;
    } else {
      // A subscription's trial applies to a member's first stint only.
      const firstStint = !existing || (await q.latestTerminalEventId(tx, existing.id)) === null;
      change = {
        state: 'active',
        planId: plan.id,
        startsAt: now,
        endsAt: input.endsAt !== undefined ? input.endsAt : termEnd(plan, now, firstStint),
        sourceKind: input.source.kind,
        pricePaidMinor: pricePaid,
        currency: input.currency ?? plan.currency,
        banReason: null,
        remindedAt: null,
      };
    }
    const membership = await this.writeChange(tx, input.communityId, input.userId, existing, change, {
      kind: live ? 'extended' : 'granted',
      actorId: input.actorId,
      reason: input.reason ?? null,
      source: input.source,
    });
    await onApplied?.(tx, membership);
    return { membership, applied: true };
  }

  /** A term added to an active membership's current end; a free member buying a term starts it now. */
  private async extendedEnd(
    tx: Kysely<DB>,
    live: MembershipsTable,
    plan: CommunityPlansTable,
    now: number,
  ): Promise<number | null> {
    if (live.ends_at !== null) {
      const next = termEnd(plan, live.ends_at, false);
      return next === null ? null : next;
    }
    const current = live.plan_id ? await cq.findPlan(tx, live.plan_id) : undefined;
    // Lifetime already has no end; a free (open-ended, unpaid) membership becomes the paid term.
    return current?.kind === 'free' ? termEnd(plan, now, false) : null;
  }

  // ── joining and leaving ─────────────────────────────────────────────────

  async join(
    actor: Actor,
    communityId: string,
    input: JoinInput,
  ): Promise<{ membership: MembershipsTable; next: JoinNext }> {
    const self = requireUser(actor);
    const viewer = await this.deps.access.viewer(actor, communityId);
    const community = await cq.findCommunityById(this.db, communityId);
    if (!community) throw notFound('community');
    const plan = await cq.findPlan(this.db, input.planId);
    if (!plan || plan.community_id !== communityId || plan.status !== 'active')
      throw new AppError(400, CommunityErrors.planUnavailable, 'This plan is not offered.', [
        {
          path: 'planId',
          code: CommunityErrors.planUnavailable,
          message: 'is not offered by this community',
        },
      ]);
    if (viewer.membership?.state === 'banned') throw bannedError();

    const invitation = input.invitationToken
      ? await this.usableInvitation(communityId, input.invitationToken)
      : null;
    if (invitation?.plan_id && invitation.plan_id !== plan.id)
      throw new AppError(400, CommunityErrors.planUnavailable, 'The invitation is for another plan.', [
        {
          path: 'planId',
          code: CommunityErrors.planUnavailable,
          message: 'is not the plan of this invitation',
        },
      ]);
    const grantsNow = plan.kind === 'free' || (invitation !== null && invitation.plan_id === plan.id);
    if (isActiveMember(viewer) && !grantsNow)
      throw conflict(CommunityErrors.alreadyMember, 'You are already a member of this community.');

    const existing = await q.findMembership(this.db, communityId, self.user.id);
    const stint = (existing && (await q.latestTerminalEventId(this.db, existing.id))) ?? 'first';
    const userId = self.user.id;

    if (invitation && grantsNow) {
      const { membership } = await this.transaction((tx) =>
        this.applyGrant(
          tx,
          {
            communityId,
            userId,
            planId: plan.id,
            source: { kind: 'invitation', id: `${invitation.id}:${userId}:${stint}` },
            actorId: userId,
          },
          async (t) => {
            if (!(await q.useInvitation(t, invitation.id, this.clock.now()))) throw invitationInvalid();
          },
        ),
      );
      return { membership, next: 'none' };
    }
    if (!invitation && community.join_policy === 'invite')
      throw new AppError(403, CommunityErrors.invitationRequired, 'This community is joined by invitation.');

    const full = community.member_cap !== null && community.member_count >= community.member_cap;
    if (community.join_policy === 'approval' && !invitation) {
      if (full && !isActiveMember(viewer)) throw communityFull();
      const membership = await this.transaction((tx) =>
        this.requestPending(tx, communityId, userId, plan.id, 'approval'),
      );
      return { membership, next: 'approval' };
    }
    if (plan.kind === 'free') {
      const { membership } = await this.grantMembership({
        communityId,
        userId,
        planId: plan.id,
        source: { kind: 'free_join', id: `${communityId}:${userId}:${plan.id}:${stint}` },
        actorId: userId,
      });
      return { membership, next: 'none' };
    }
    if (full) throw communityFull();
    const membership = await this.transaction((tx) =>
      this.requestPending(tx, communityId, userId, plan.id, 'order'),
    );
    return { membership, next: 'payment' };
  }

  /** A pending membership awaiting payment (`order`) or the team's decision (`approval`). */
  private async requestPending(
    tx: Kysely<DB>,
    communityId: string,
    userId: string,
    planId: string,
    sourceKind: 'order' | 'approval',
  ): Promise<MembershipsTable> {
    const now = this.clock.now();
    const existing = await q.lockMembership(tx, communityId, userId);
    if (existing?.state === 'banned') throw bannedError();
    if (existing?.state === 'active' && (existing.ends_at === null || existing.ends_at > now))
      throw conflict(CommunityErrors.alreadyMember, 'You are already a member of this community.');
    if (existing?.state === 'pending' && existing.plan_id === planId && existing.source_kind === sourceKind)
      return existing;
    return this.writeChange(
      tx,
      communityId,
      userId,
      existing,
      {
        state: 'pending',
        planId,
        startsAt: existing?.starts_at ?? now,
        endsAt: existing?.ends_at ?? null,
        sourceKind,
        pricePaidMinor: existing ? Number(existing.price_paid_minor) : 0,
        currency: existing?.currency ?? null,
        banReason: null,
        remindedAt: existing?.reminded_at ?? null,
      },
      { kind: sourceKind === 'approval' ? 'requested' : 'awaiting_payment', actorId: userId },
    );
  }

  async leave(actor: Actor, communityId: string): Promise<MembershipsTable> {
    const self = requireUser(actor);
    await this.deps.access.viewer(actor, communityId);
    return this.transaction(async (tx) => {
      const existing = await q.lockMembership(tx, communityId, self.user.id);
      if (!existing) throw conflict(CommunityErrors.notAMember, 'You are not a member of this community.');
      if (existing.state !== 'active' && existing.state !== 'pending') return existing;
      return this.endStint(tx, existing, 'cancelled', { kind: 'left', actorId: self.user.id });
    });
  }

  // ── the team's actions on a member ──────────────────────────────────────

  async grant(actor: Actor, communityId: string, userId: string, input: GrantInput): Promise<GrantResult> {
    const { self } = await this.authorize(actor, communityId, 'member:grant');
    if (!(await cq.findUser(this.db, userId))) throw notFound('user');
    const existing = await q.findMembership(this.db, communityId, userId);
    const stint = (existing && (await q.latestTerminalEventId(this.db, existing.id))) ?? 'first';
    const key = input.requestId ?? `${input.planId}:${input.endsAt ?? 'plan'}:${stint}`;
    return this.grantMembership({
      communityId,
      userId,
      planId: input.planId,
      source: { kind: 'manual', id: `grant:${communityId}:${userId}:${key}` },
      actorId: self.user.id,
      reason: input.reason,
      ...(input.endsAt !== undefined ? { endsAt: input.endsAt } : {}),
    });
  }

  /**
   * Adds days to an active membership's end. Without a requestId the same extension applies once
   * per stint (a repeated click changes nothing); a fresh requestId extends again.
   */
  async extend(actor: Actor, communityId: string, userId: string, input: ExtendInput): Promise<GrantResult> {
    const { self } = await this.authorize(actor, communityId, 'member:extend');
    return this.transaction(async (tx) => {
      const existing = await q.lockMembership(tx, communityId, userId);
      if (existing?.state !== 'active')
        throw conflict(CommunityErrors.notAMember, 'Only an active membership can be extended.');
      const stint = (await q.latestTerminalEventId(tx, existing.id)) ?? 'first';
      const source: GrantSource = {
        kind: 'manual',
        id: `extend:${existing.id}:${input.requestId ?? `${input.days}:${stint}`}`,
      };
      if (await q.findEventBySource(tx, source.kind, source.id))
        return { membership: existing, applied: false };
      // Lifetime memberships have no end to move.
      if (existing.ends_at === null) return { membership: existing, applied: false };
      const endsAt = existing.ends_at + input.days * DAY_MS;
      const membership = await this.writeChange(
        tx,
        communityId,
        userId,
        existing,
        { ...this.unchanged(existing), endsAt, remindedAt: null },
        { kind: 'extended', actorId: self.user.id, reason: input.reason ?? null, source },
      );
      return { membership, applied: true };
    });
  }

  /**
   * A fully refunded order ends the membership it paid for, once per refund. A membership that a
   * later source has since carried (a new order, a manual grant) is left alone.
   */
  endForRefund(input: {
    communityId: string;
    userId: string;
    orderId: string;
    refundId: string;
    actorId: string | null;
    reason: string;
  }): Promise<MembershipsTable | null> {
    return this.transaction(async (tx) => {
      if (await q.findEventBySource(tx, 'refund', input.refundId)) return null;
      const existing = await q.lockMembership(tx, input.communityId, input.userId);
      if (!existing || (existing.state !== 'active' && existing.state !== 'pending')) return existing ?? null;
      const last = await q.findLastSourcedEvent(tx, existing.id);
      if (last && !(last.source_kind === 'order' && last.source_id === input.orderId)) return existing;
      return this.writeChange(
        tx,
        existing.community_id,
        existing.user_id,
        existing,
        { ...this.unchanged(existing), state: 'refunded' },
        {
          kind: 'refunded',
          actorId: input.actorId,
          reason: input.reason,
          source: { kind: 'refund', id: input.refundId },
        },
      );
    });
  }

  async revoke(actor: Actor, communityId: string, userId: string, reason: string): Promise<MembershipsTable> {
    const { self } = await this.authorize(actor, communityId, 'member:revoke');
    return this.transaction(async (tx) => {
      const existing = await q.lockMembership(tx, communityId, userId);
      if (!existing) throw notFound('membership');
      if (existing.state !== 'active' && existing.state !== 'pending') return existing;
      return this.endStint(tx, existing, 'cancelled', { kind: 'revoked', actorId: self.user.id, reason });
    });
  }

  async ban(actor: Actor, communityId: string, userId: string, reason: string): Promise<MembershipsTable> {
    const { self } = await this.authorize(actor, communityId, 'member:ban');
    if (!(await cq.findUser(this.db, userId))) throw notFound('user');
    const role = await cq.findRole(this.db, communityId, userId);
    if (role?.role === 'owner' || userId === self.user.id)
      throw forbidden(CommunityErrors.ownerRole, 'The owner (or yourself) cannot be banned.');
    return this.transaction(async (tx) => {
      const existing = await q.lockMembership(tx, communityId, userId);
      if (existing?.state === 'banned') return existing;
      const now = this.clock.now();
      return this.writeChange(
        tx,
        communityId,
        userId,
        existing,
        {
          ...(existing
            ? this.unchanged(existing)
            : {
                planId: null,
                startsAt: now,
                endsAt: null,
                sourceKind: 'manual' as const,
                pricePaidMinor: 0,
                currency: null,
                remindedAt: null,
              }),
          state: 'banned',
          banReason: reason,
        },
        { kind: 'banned', actorId: self.user.id, reason },
      );
    });
  }

  async unban(actor: Actor, communityId: string, userId: string, reason?: string): Promise<MembershipsTable> {
    const { self } = await this.authorize(actor, communityId, 'member:unban');
    return this.transaction(async (tx) => {
      const existing = await q.lockMembership(tx, communityId, userId);
      if (!existing) throw notFound('membership');
      if (existing.state !== 'banned') return existing;
      return this.writeChange(
        tx,
        communityId,
        userId,
        existing,
        { ...this.unchanged(existing), state: 'cancelled', banReason: null },
        { kind: 'unbanned', actorId: self.user.id, reason: reason ?? null },
      );
    });
  }

  // ── join requests ───────────────────────────────────────────────────────

  async listJoinRequests(actor: Actor, communityId: string, page: { limit?: number; cursor?: string }) {
    await this.authorize(actor, communityId, 'join-request:decide');
    const limit = page.limit ?? 20;
    const rows = await q.listJoinRequests(this.db, communityId, decodeCursor(page.cursor), limit + 1);
    return toPage(rows, limit);
  }

  async approve(
    actor: Actor,
    communityId: string,
    userId: string,
  ): Promise<{ membership: MembershipsTable; next: JoinNext }> {
    const { self } = await this.authorize(actor, communityId, 'join-request:decide');
    const request = await q.findMembership(this.db, communityId, userId);
    if (request?.state === 'active') return { membership: request, next: 'none' };
    if (request?.state !== 'pending' || request.source_kind !== 'approval' || !request.plan_id)
      throw new AppError(404, CommunityErrors.noRequest, 'No join request from this user.');
    const plan = await cq.findPlan(this.db, request.plan_id);
    if (!plan) throw notFound('plan');
    if (plan.kind !== 'free') {
      // Approved, now awaiting payment for the paid plan.
      const membership = await this.transaction(async (tx) => {
        const existing = await q.lockMembership(tx, communityId, userId);
        if (existing?.state !== 'pending' || existing.source_kind !== 'approval') return existing ?? request;
        return this.writeChange(
          tx,
          communityId,
          userId,
          existing,
          { ...this.unchanged(existing), sourceKind: 'order' },
          { kind: 'approved', actorId: self.user.id },
        );
      });
      return { membership, next: membership.state === 'active' ? 'none' : 'payment' };
    }
    const { membership } = await this.grantMembership({
      communityId,
      userId,
      planId: plan.id,
      source: { kind: 'approval', id: `${request.id}:${request.updated_at}` },
      actorId: self.user.id,
    });
    return { membership, next: 'none' };
  }

  async reject(
    actor: Actor,
    communityId: string,
    userId: string,
    reason?: string,
  ): Promise<MembershipsTable> {
    const { self } = await this.authorize(actor, communityId, 'join-request:decide');
    return this.transaction(async (tx) => {
      const existing = await q.lockMembership(tx, communityId, userId);
      if (existing && existing.state === 'cancelled') return existing;
      if (existing?.state !== 'pending' || existing.source_kind !== 'approval')
        throw new AppError(404, CommunityErrors.noRequest, 'No join request from this user.');
      return this.endStint(tx, existing, 'cancelled', {
        kind: 'rejected',
        actorId: self.user.id,
        reason: reason ?? null,
      });
    });
  }

  // ── reading ─────────────────────────────────────────────────────────────

  async listMembers(actor: Actor, communityId: string, query: MemberQueryInput) {
    const viewer = await this.deps.access.viewer(actor, communityId);
    const scope = memberListScope(viewer);
    if (scope === 'none') await this.deps.access.enforce(viewer, decideMemberArea(viewer), 'community');
    const all = scope === 'all';
    const limit = query.limit ?? 20;
    const rows = await q.listMembers(this.db, {
      communityId,
      state: all ? (query.state ?? null) : 'active',
      planId: all ? (query.planId ?? null) : null,
      joinedAfter: all ? (query.joinedAfter ?? null) : null,
      beforeId: decodeCursor(query.cursor),
      limit: limit + 1,
    });
    return { ...toPage(rows, limit), full: all };
  }

  async history(
    actor: Actor,
    communityId: string,
    userId: string,
    page: { limit?: number; cursor?: string },
  ) {
    const viewer = await this.deps.access.viewer(actor, communityId);
    if (viewer.userId === null) throw unauthenticated();
    if (viewer.userId !== userId && !can(viewer, 'member:history')) {
      await this.deps.access.enforce(viewer, decideMemberArea(viewer), 'community');
      throw forbidden();
    }
    const membership = await q.findMembership(this.db, communityId, userId);
    if (!membership) throw notFound('membership');
    const limit = page.limit ?? 20;
    return toPage(await q.listEvents(this.db, membership.id, decodeCursor(page.cursor), limit + 1), limit);
  }

  async myMemberships(actor: Actor, page: { limit?: number; cursor?: string }) {
    const self = requireUser(actor);
    const limit = page.limit ?? 20;
    return toPage(
      await q.listUserMemberships(this.db, self.user.id, decodeCursor(page.cursor), limit + 1),
      limit,
    );
  }

  // ── expiry (recurring job) ──────────────────────────────────────────────

  /** Marks active memberships past their end as expired, a bounded page per transaction. */
  async expireDue(pageSize = 200, maxPages = 50): Promise<number> {
    let expired = 0;
    for (let page = 0; page < maxPages; page++) {
      const now = this.clock.now();
      const due = await q.listDueExpiries(this.db, now, pageSize);
      if (due.length === 0) break;
      expired += await this.db.transaction().execute(async (tx) => {
        const changed = await q.expireMemberships(
          tx,
          due.map((d) => d.id),
          now,
        );
        if (changed.length === 0) return 0;
        const perCommunity = new Map<string, number>();
        for (const m of changed)
          perCommunity.set(m.community_id, (perCommunity.get(m.community_id) ?? 0) + 1);
        for (const [communityId, count] of perCommunity) await q.releaseMemberSlots(tx, communityId, count);
        await tx
          .insertInto('membership_events')
          .values(
            changed.map((m) => ({
              id: newId(),
              membership_id: m.id,
              community_id: m.community_id,
              user_id: m.user_id,
              kind: 'expired',
              from_state: 'active' as const,
              to_state: 'expired' as const,
              plan_id: m.plan_id,
              ends_at: m.ends_at,
              source_kind: null,
              source_id: null,
              actor_id: null,
              reason: null,
              created_at: now,
            })),
          )
          .execute();
        return changed.length;
      });
      if (due.length < pageSize) break;
    }
    return expired;
  }

  // ── internals ───────────────────────────────────────────────────────────

  /** Ends the current stint (leave, revoke, reject). */
  private endStint(
    tx: Kysely<DB>,
    existing: MembershipsTable,
    state: 'cancelled',
    event: EventFacts,
  ): Promise<MembershipsTable> {
    return this.writeChange(
      tx,
      existing.community_id,
      existing.user_id,
      existing,
      { ...this.unchanged(existing), state },
      event,
    );
  }

  private unchanged(m: MembershipsTable): MembershipChange {
    return {
      state: m.state,
      planId: m.plan_id,
      startsAt: m.starts_at,
      endsAt: m.ends_at,
      sourceKind: m.source_kind,
      pricePaidMinor: Number(m.price_paid_minor),
      currency: m.currency,
      banReason: m.ban_reason,
      remindedAt: m.reminded_at,
    };
  }

  /**
   * The one writer of membership rows: applies the change, keeps member_count exact (taking a
   * slot atomically under the cap when someone becomes active), appends the event and the audit.
   */
  private async writeChange(
    tx: Kysely<DB>,
    communityId: string,
    userId: string,
    existing: MembershipsTable | undefined,
    change: MembershipChange,
    event: EventFacts,
  ): Promise<MembershipsTable> {
    const now = this.clock.now();
    const wasActive = existing?.state === 'active';
    const isActive = change.state === 'active';
    if (!wasActive && isActive && !(await q.takeMemberSlot(tx, communityId))) throw communityFull();
    if (wasActive && !isActive) await q.releaseMemberSlots(tx, communityId, 1);
    const row: MembershipsTable = {
      id: existing?.id ?? newId(),
      community_id: communityId,
      user_id: userId,
      plan_id: change.planId,
      state: change.state,
      starts_at: change.startsAt,
      ends_at: change.endsAt,
      source_kind: change.sourceKind,
      price_paid_minor: change.pricePaidMinor,
      currency: change.currency,
      ban_reason: change.banReason,
      reminded_at: change.remindedAt,
      created_at: existing?.created_at ?? now,
      updated_at: now,
    };
    if (existing) {
      const { id: _id, created_at: _created, community_id: _c, user_id: _u, ...changes } = row;
      await q.updateMembership(tx, existing.id, changes);
    } else {
      await q.insertMembership(tx, row);
    }
    await q.insertEvent(tx, {
      id: newId(),
      membership_id: row.id,
      community_id: communityId,
      user_id: userId,
      kind: event.kind,
      from_state: existing?.state ?? null,
      to_state: change.state,
      plan_id: change.planId,
      ends_at: change.endsAt,
      source_kind: event.source?.kind ?? null,
      source_id: event.source?.id ?? null,
      actor_id: event.actorId,
      reason: event.reason ?? null,
      created_at: now,
    });
    await recordAudit(
      tx,
      {
        actorId: event.actorId,
        action: `membership.${event.kind}`,
        subjectType: 'membership',
        subjectId: row.id,
        data: {
          communityId,
          userId,
          from: existing?.state ?? null,
          to: change.state,
          planId: change.planId,
          endsAt: change.endsAt,
          ...(event.reason ? { reason: event.reason } : {}),
          ...(event.source ? { source: `${event.source.kind}:${event.source.id}` } : {}),
        },
      },
      now,
    );
    return row;
  }

  private async authorize(
    actor: Actor,
    communityId: string,
    action: CommunityAction,
  ): Promise<{ self: UserActor; viewer: Viewer }> {
    const self = requireUser(actor);
    const viewer = await this.deps.access.viewer(actor, communityId);
    if (!can(viewer, action)) throw forbidden();
    return { self, viewer };
  }

  private async usableInvitation(communityId: string, token: string) {
    const invitation = await q.findInvitationByHash(this.db, hashToken(token));
    const now = this.clock.now();
    if (
      !invitation ||
      invitation.community_id !== communityId ||
      invitation.revoked_at !== null ||
      (invitation.expires_at !== null && invitation.expires_at <= now) ||
      (invitation.max_uses !== null && invitation.uses >= invitation.max_uses)
    )
      throw invitationInvalid();
    return invitation;
  }

  /**
   * One use case, one transaction. A unique violation means a concurrent request got there first
   * (the same grant source, or the same member's first row): run again, and the replay is seen.
   */
  private async transaction<T>(work: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction().execute(work);
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= 2) throw err;
      }
    }
  }
}

export function requireUser(actor: Actor): UserActor {
  if (actor.kind !== 'user') throw unauthenticated();
  return actor;
}

const invitationInvalid = () =>
  new AppError(
    400,
    CommunityErrors.invitationInvalid,
    'This invitation is invalid, used up, expired or revoked.',
    [
      {
        path: 'invitationToken',
        code: CommunityErrors.invitationInvalid,
        message: 'is invalid or no longer usable',
      },
    ],
  );
