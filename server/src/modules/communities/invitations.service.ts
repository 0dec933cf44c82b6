import type { Kysely } from 'kysely';
import type { DB, InvitationsTable } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, toPage } from '../../platform/pagination.js';
import { hashToken, newToken } from '../../platform/tokens.js';
import type { AccessService } from '../access/access.service.js';
import { can } from './communities.policy.js';
import * as cq from './communities.queries.js';
import { CommunityErrors, type CreateInvitationInput } from './communities.schemas.js';
import * as q from './memberships.queries.js';
import { requireUser } from './memberships.service.js';

/** Invitation links: a random token shown once; only its hash is stored. */
export class InvitationsService {
  constructor(
    private readonly deps: { db: Kysely<DB>; clock: Clock; access: AccessService; publicUrl: string },
  ) {}

  async create(
    actor: Actor,
    communityId: string,
    input: CreateInvitationInput,
  ): Promise<{ id: string; token: string; url: string }> {
    const self = await this.authorize(actor, communityId);
    const community = await cq.findCommunityById(this.deps.db, communityId);
    if (!community) throw notFound('community');
    if (input.planId !== undefined) {
      const plan = await cq.findPlan(this.deps.db, input.planId);
      if (!plan || plan.community_id !== communityId || plan.status !== 'active')
        throw new AppError(400, CommunityErrors.planUnavailable, 'This plan is not offered.', [
          {
            path: 'planId',
            code: CommunityErrors.planUnavailable,
            message: 'is not offered by this community',
          },
        ]);
    }
    const now = this.deps.clock.now();
    if (input.expiresAt !== undefined && input.expiresAt <= now)
      throw new AppError(400, 'validation_failed', 'expiresAt must be in the future', [
        { path: 'expiresAt', code: 'expiresAt', message: 'must be in the future' },
      ]);
    const token = newToken();
    const row: InvitationsTable = {
      id: newId(),
      community_id: communityId,
      token_hash: hashToken(token),
      plan_id: input.planId ?? null,
      max_uses: input.maxUses ?? null,
      uses: 0,
      expires_at: input.expiresAt ?? null,
      revoked_at: null,
      created_by: self,
      created_at: now,
    };
    await this.deps.db.transaction().execute(async (tx) => {
      await q.insertInvitation(tx, row);
      await recordAudit(
        tx,
        {
          actorId: self,
          action: 'invitation.created',
          subjectType: 'invitation',
          subjectId: row.id,
          data: { communityId, planId: row.plan_id, maxUses: row.max_uses, expiresAt: row.expires_at },
        },
        now,
      );
    });
    const url = `${this.deps.publicUrl}/c/${encodeURIComponent(community.slug)}?invite=${encodeURIComponent(token)}`;
    return { id: row.id, token, url };
  }

  async list(actor: Actor, communityId: string, page: { limit?: number; cursor?: string }) {
    await this.authorize(actor, communityId);
    const limit = page.limit ?? 20;
    return toPage(
      await q.listInvitations(this.deps.db, communityId, decodeCursor(page.cursor), limit + 1),
      limit,
    );
  }

  /** Revoking twice changes nothing the second time. */
  async revoke(actor: Actor, communityId: string, invitationId: string): Promise<void> {
    const self = await this.authorize(actor, communityId);
    const invitation = await q.findInvitation(this.deps.db, communityId, invitationId);
    if (!invitation) throw notFound('invitation');
    if (invitation.revoked_at !== null) return;
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (tx) => {
      await q.revokeInvitation(tx, invitation.id, now);
      await recordAudit(
        tx,
        { actorId: self, action: 'invitation.revoked', subjectType: 'invitation', subjectId: invitation.id },
        now,
      );
    });
  }

  private async authorize(actor: Actor, communityId: string): Promise<string> {
    const self = requireUser(actor);
    const viewer = await this.deps.access.viewer(actor, communityId);
    if (!can(viewer, 'invitation:manage')) throw forbidden();
    return self.user.id;
  }
}
