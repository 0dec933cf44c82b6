import { generateKeyBetween } from 'fractional-indexing';
import type { Kysely, Updateable } from 'kysely';
import { isUniqueViolation } from '../../db/dialect.js';
import type { CommunitiesTable, CommunityPlansTable, DB } from '../../db/schema.js';
import type { Actor, UserActor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import {
  AppError,
  conflict,
  type FieldError,
  forbidden,
  notFound,
  unauthenticated,
} from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, toPage } from '../../platform/pagination.js';
import { decideMemberArea, type Viewer } from '../access/access.rules.js';
import type { AccessService } from '../access/access.service.js';
import { type CommunityAction, can, mayCreateCommunity, mayViewTeam } from './communities.policy.js';
import { type PriceRangeRow, parseTags } from './communities.presenter.js';
import * as q from './communities.queries.js';
import {
  CommunityErrors,
  type CreateCommunityInput,
  type CreatePlanInput,
  type CreationPolicy,
  type MyCommunitiesQueryInput,
  type UpdateCommunityInput,
  type UpdatePlanInput,
} from './communities.schemas.js';
import { isReservedSlug, isValidTimeZone, planProblem } from './community-rules.js';
import { findMembership } from './memberships.queries.js';
import { buildSearchText, likePattern } from './search-text.js';

export interface CommunitiesDeps {
  db: Kysely<DB>;
  clock: Clock;
  access: AccessService;
}

const validation = (errors: FieldError[]) =>
  new AppError(400, 'validation_failed', errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);

/** Communities: creation and settings, discovery, the landing page, plans and the team's roles. */
export class CommunitiesService {
  private readonly db: Kysely<DB>;
  private readonly clock: Clock;

  constructor(private readonly deps: CommunitiesDeps) {
    this.db = deps.db;
    this.clock = deps.clock;
  }

  // ── communities ──────────────────────────────────────────────────────────

  async create(actor: Actor, input: CreateCommunityInput): Promise<CommunitiesTable> {
    const self = requireUser(actor);
    const policy = await this.creationPolicy();
    const approved = policy === 'approved' && (await q.isApprovedCreator(this.db, self.user.id));
    if (!mayCreateCommunity(self.user, policy, approved))
      throw forbidden(
        CommunityErrors.creationRestricted,
        'Only approved creators may create communities here.',
      );
    await this.validateFields(input);
    const now = this.clock.now();
    const tags = normalizeTags(input.tags ?? []);
    const description = input.description ?? '';
    const row: CommunitiesTable = {
      id: newId(),
      slug: input.slug,
      name: input.name.trim(),
      description,
      cover_file_id: input.coverFileId ?? null,
      avatar_file_id: input.avatarFileId ?? null,
      category: input.category ?? null,
      tags: JSON.stringify(tags),
      timezone: input.timezone ?? (self.user.locale === 'zh-CN' ? 'Asia/Shanghai' : 'UTC'),
      language: input.language ?? (self.user.locale === 'zh-CN' ? 'zh-CN' : 'en'),
      visibility: input.visibility ?? 'listed',
      join_policy: input.joinPolicy ?? 'open',
      member_cap: input.memberCap ?? null,
      member_count: 0,
      welcome_message: input.welcomeMessage ?? '',
      rules_text: input.rulesText ?? '',
      search_text: buildSearchText({ name: input.name.trim(), description, tags }),
      owner_id: self.user.id,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.db.transaction().execute(async (tx) => {
        await q.insertCommunity(tx, row);
        await q.upsertRole(tx, {
          community_id: row.id,
          user_id: self.user.id,
          role: 'owner',
          granted_by: self.user.id,
          created_at: now,
        });
        await recordAudit(
          tx,
          {
            actorId: self.user.id,
            action: 'community.created',
            subjectType: 'community',
            subjectId: row.id,
            data: { slug: row.slug },
            ip: self.ip,
          },
          now,
        );
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw slugTaken();
      throw err;
    }
    return row;
  }

  async update(actor: Actor, idOrSlug: string, input: UpdateCommunityInput): Promise<CommunitiesTable> {
    const community = await this.findByIdOrSlug(idOrSlug);
    const { self } = await this.authorize(actor, community.id, 'community:update');
    await this.validateFields(input);
    const now = this.clock.now();
    const changes: Updateable<CommunitiesTable> = { updated_at: now };
    if (input.slug !== undefined) changes.slug = input.slug;
    if (input.name !== undefined) changes.name = input.name.trim();
    if (input.description !== undefined) changes.description = input.description;
    if (input.coverFileId !== undefined) changes.cover_file_id = input.coverFileId;
    if (input.avatarFileId !== undefined) changes.avatar_file_id = input.avatarFileId;
    if (input.category !== undefined) changes.category = input.category;
    if (input.tags !== undefined) changes.tags = JSON.stringify(normalizeTags(input.tags));
    if (input.timezone !== undefined) changes.timezone = input.timezone;
    if (input.language !== undefined) changes.language = input.language;
    if (input.visibility !== undefined) changes.visibility = input.visibility;
    if (input.joinPolicy !== undefined) changes.join_policy = input.joinPolicy;
    if (input.memberCap !== undefined) changes.member_cap = input.memberCap;
    if (input.welcomeMessage !== undefined) changes.welcome_message = input.welcomeMessage;
    if (input.rulesText !== undefined) changes.rules_text = input.rulesText;
    changes.search_text = buildSearchText({
      name: changes.name ?? community.name,
      description: changes.description ?? community.description,
      tags: typeof changes.tags === 'string' ? parseTags(changes.tags) : parseTags(community.tags),
    });
    try {
      await this.db.transaction().execute(async (tx) => {
        await q.updateCommunity(tx, community.id, changes);
        await recordAudit(
          tx,
          {
            actorId: self.user.id,
            action: 'community.updated',
            subjectType: 'community',
            subjectId: community.id,
            data: { fields: Object.keys(input) },
            ip: self.ip,
          },
          now,
        );
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw slugTaken();
      throw err;
    }
    const updated = await q.findCommunityById(this.db, community.id);
    if (!updated) throw notFound('community');
    return updated;
  }

  /** The landing page: anyone may open it, unlisted communities too (by their link). */
  async landing(actor: Actor, idOrSlug: string) {
    const community = await this.findByIdOrSlug(idOrSlug);
    const viewer = await this.deps.access.viewer(actor, community.id);
    const [plans, membership] = await Promise.all([
      q.listPlans(this.db, community.id, true),
      viewer.membership && viewer.userId
        ? findMembership(this.db, community.id, viewer.userId)
        : Promise.resolve(undefined),
    ]);
    return { community, plans, viewer, membership: membership ?? null };
  }

  /** Communities the signed-in user helps run (any staff role, or the one asked for), newest first. */
  async myCommunities(actor: Actor, query: MyCommunitiesQueryInput) {
    const self = requireUser(actor);
    const limit = query.limit ?? 20;
    const rows = await q.listStaffCommunities(this.db, {
      userId: self.user.id,
      role: query.role ?? null,
      beforeId: decodeCursor(query.cursor),
      limit: limit + 1,
    });
    return toPage(rows, limit);
  }

  /** The owner, moderators and contributors: for members and the team (as the member list). */
  async team(actor: Actor, communityId: string) {
    const viewer = await this.deps.access.viewer(actor, communityId);
    if (!mayViewTeam(viewer)) {
      if (viewer.userId === null) throw unauthenticated();
      await this.deps.access.enforce(viewer, decideMemberArea(viewer), 'community');
      throw forbidden();
    }
    return q.listTeam(this.db, communityId);
  }

  /** Listed communities, newest first; `q` matches name, description and tags. */
  async discover(query: { q?: string; cursor?: string; limit?: number }) {
    const limit = query.limit ?? 20;
    const text = query.q?.trim();
    const rows = await q.listListedCommunities(this.db, {
      beforeId: decodeCursor(query.cursor),
      pattern: text ? likePattern(text) : null,
      limit: limit + 1,
    });
    const page = toPage(rows, limit);
    const ranges = await q.priceRanges(
      this.db,
      page.items.map((c) => c.id),
    );
    const byCommunity = new Map<string, PriceRangeRow[]>();
    for (const r of ranges) byCommunity.set(r.community_id, [...(byCommunity.get(r.community_id) ?? []), r]);
    return { ...page, ranges: byCommunity };
  }

  async findByIdOrSlug(idOrSlug: string): Promise<CommunitiesTable> {
    const community =
      (await q.findCommunityById(this.db, idOrSlug)) ?? (await q.findCommunityBySlug(this.db, idOrSlug));
    if (!community) throw notFound('community');
    return community;
  }

  // ── plans ────────────────────────────────────────────────────────────────

  async createPlan(actor: Actor, communityId: string, input: CreatePlanInput): Promise<CommunityPlansTable> {
    const { self } = await this.authorize(actor, communityId, 'plan:manage');
    const problem = planProblem(input);
    if (problem) throw validation([{ ...problem, code: 'plan' }]);
    const now = this.clock.now();
    return this.db.transaction().execute(async (tx) => {
      const row: CommunityPlansTable = {
        id: newId(),
        community_id: communityId,
        name: input.name.trim(),
        kind: input.kind,
        price_minor: input.priceMinor,
        currency: input.currency ?? 'CNY',
        term_days: input.kind === 'fixed_term' ? (input.termDays ?? null) : null,
        interval: input.kind === 'subscription' ? (input.interval ?? null) : null,
        trial_days: input.kind === 'subscription' ? (input.trialDays ?? 0) : 0,
        status: 'active',
        position: generateKeyBetween(await q.lastPlanPosition(tx, communityId), null),
        created_at: now,
        updated_at: now,
      };
      await q.insertPlan(tx, row);
      await recordAudit(
        tx,
        {
          actorId: self.user.id,
          action: 'plan.created',
          subjectType: 'plan',
          subjectId: row.id,
          data: { communityId, kind: row.kind, priceMinor: row.price_minor, currency: row.currency },
          ip: self.ip,
        },
        now,
      );
      return row;
    });
  }

  /** Active plans for everyone; the team also sees retired ones. */
  async listPlans(actor: Actor, communityId: string): Promise<CommunityPlansTable[]> {
    const viewer = await this.deps.access.viewer(actor, communityId);
    return q.listPlans(this.db, communityId, !can(viewer, 'plan:manage'));
  }

  /** A new price applies to new purchases only: memberships keep what their members paid. */
  async updatePlan(actor: Actor, planId: string, input: UpdatePlanInput): Promise<CommunityPlansTable> {
    if (actor.kind !== 'user') throw unauthenticated();
    const plan = await q.findPlan(this.db, planId);
    if (!plan) throw notFound('plan');
    const { self } = await this.authorize(actor, plan.community_id, 'plan:manage');
    if (input.priceMinor !== undefined) {
      const problem = planProblem({
        kind: plan.kind,
        priceMinor: input.priceMinor,
        termDays: plan.term_days,
        interval: plan.interval,
      });
      if (problem) throw validation([{ ...problem, code: 'plan' }]);
    }
    const now = this.clock.now();
    const changes: Updateable<CommunityPlansTable> = { updated_at: now };
    if (input.name !== undefined) changes.name = input.name.trim();
    if (input.priceMinor !== undefined) changes.price_minor = input.priceMinor;
    if (input.status !== undefined) changes.status = input.status;
    await this.db.transaction().execute(async (tx) => {
      await q.updatePlan(tx, plan.id, changes);
      await recordAudit(
        tx,
        {
          actorId: self.user.id,
          action: 'plan.updated',
          subjectType: 'plan',
          subjectId: plan.id,
          data: {
            communityId: plan.community_id,
            ...(input.priceMinor !== undefined
              ? { priceMinor: { from: plan.price_minor, to: input.priceMinor } }
              : {}),
            ...(input.status !== undefined ? { status: { from: plan.status, to: input.status } } : {}),
            ...(input.name !== undefined ? { name: input.name } : {}),
          },
          ip: self.ip,
        },
        now,
      );
    });
    return { ...plan, ...changes } as CommunityPlansTable;
  }

  // ── roles ────────────────────────────────────────────────────────────────

  async setRole(actor: Actor, communityId: string, userId: string, role: 'moderator' | 'contributor') {
    const { self } = await this.authorize(actor, communityId, 'role:manage');
    if (!(await q.findUser(this.db, userId))) throw notFound('user');
    const now = this.clock.now();
    await this.db.transaction().execute(async (tx) => {
      const current = await q.findRole(tx, communityId, userId);
      if (current?.role === 'owner')
        throw conflict(CommunityErrors.ownerRole, 'The owner’s role cannot change.');
      if (current?.role === role) return;
      await q.upsertRole(tx, {
        community_id: communityId,
        user_id: userId,
        role,
        granted_by: self.user.id,
        created_at: now,
      });
      await recordAudit(
        tx,
        {
          actorId: self.user.id,
          action: 'community.role_set',
          subjectType: 'community',
          subjectId: communityId,
          data: { userId, role, previous: current?.role ?? null },
          ip: self.ip,
        },
        now,
      );
    });
    return { communityId, userId, role };
  }

  async removeRole(actor: Actor, communityId: string, userId: string): Promise<void> {
    const { self } = await this.authorize(actor, communityId, 'role:manage');
    const now = this.clock.now();
    await this.db.transaction().execute(async (tx) => {
      const current = await q.findRole(tx, communityId, userId);
      if (!current) return;
      if (current.role === 'owner')
        throw conflict(CommunityErrors.ownerRole, 'The owner’s role cannot be removed.');
      await q.deleteRole(tx, communityId, userId);
      await recordAudit(
        tx,
        {
          actorId: self.user.id,
          action: 'community.role_removed',
          subjectType: 'community',
          subjectId: communityId,
          data: { userId, previous: current.role },
          ip: self.ip,
        },
        now,
      );
    });
  }

  // ── who may create communities (operator) ───────────────────────────────

  async creationPolicy(): Promise<CreationPolicy> {
    const row = await q.findSetting(this.db, q.CREATION_POLICY_KEY);
    if (!row) return 'anyone';
    const value = (JSON.parse(row.value) as { policy?: unknown }).policy;
    return value === 'approved' ? 'approved' : 'anyone';
  }

  async getCreationSettings(actor: Actor): Promise<{ policy: CreationPolicy }> {
    requireOperator(actor);
    return { policy: await this.creationPolicy() };
  }

  async setCreationSettings(actor: Actor, policy: CreationPolicy): Promise<{ policy: CreationPolicy }> {
    const self = requireOperator(actor);
    const now = this.clock.now();
    await this.db.transaction().execute(async (tx) => {
      await q.upsertSetting(tx, q.CREATION_POLICY_KEY, JSON.stringify({ policy }), now);
      await recordAudit(
        tx,
        {
          actorId: self.user.id,
          action: 'settings.community_creation',
          subjectType: 'site',
          subjectId: 'site',
          data: { policy },
          ip: self.ip,
        },
        now,
      );
    });
    return { policy };
  }

  async setApprovedCreator(actor: Actor, userId: string, approved: boolean) {
    const self = requireOperator(actor);
    if (!(await q.findUser(this.db, userId))) throw notFound('user');
    const now = this.clock.now();
    await this.db.transaction().execute(async (tx) => {
      if (approved) await q.addApprovedCreator(tx, userId, self.user.id, now);
      else await q.removeApprovedCreator(tx, userId);
      await recordAudit(
        tx,
        {
          actorId: self.user.id,
          action: approved ? 'creator.approved' : 'creator.unapproved',
          subjectType: 'user',
          subjectId: userId,
          ip: self.ip,
        },
        now,
      );
    });
    return { userId, approved };
  }

  // ── internals ────────────────────────────────────────────────────────────

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

  /** Checks that need more than the schema: reserved slugs, time zones, the file ids exist. */
  private async validateFields(input: {
    slug?: string;
    timezone?: string;
    coverFileId?: string | null;
    avatarFileId?: string | null;
  }): Promise<void> {
    const errors: FieldError[] = [];
    if (input.slug !== undefined && isReservedSlug(input.slug))
      errors.push({ path: 'slug', code: CommunityErrors.slugReserved, message: 'is reserved' });
    if (input.timezone !== undefined && !isValidTimeZone(input.timezone))
      errors.push({ path: 'timezone', code: 'timezone', message: 'is not a known IANA time zone' });
    for (const [path, id] of [
      ['coverFileId', input.coverFileId],
      ['avatarFileId', input.avatarFileId],
    ] as const) {
      if (id && !(await q.fileExists(this.db, id)))
        errors.push({ path, code: 'file', message: 'is not an uploaded file' });
    }
    if (errors.length > 0) throw validation(errors);
  }
}

function requireUser(actor: Actor): UserActor {
  if (actor.kind !== 'user') throw unauthenticated();
  return actor;
}

function requireOperator(actor: Actor): UserActor {
  const self = requireUser(actor);
  if (self.user.role !== 'operator') throw forbidden();
  return self;
}

const normalizeTags = (tags: readonly string[]): string[] => [
  ...new Set(tags.map((t) => t.trim()).filter((t) => t.length > 0)),
];

const slugTaken = () =>
  conflict(CommunityErrors.slugTaken, 'This address is already taken.', [
    { path: 'slug', code: CommunityErrors.slugTaken, message: 'is already taken' },
  ]);
