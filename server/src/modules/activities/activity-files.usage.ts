import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { decideMemberArea, type Viewer } from '../access/access.rules.js';
import type { AccessService } from '../access/access.service.js';
import type { FileUsage } from '../files/files.usage.js';
import { can } from './activities.policy.js';
import * as q from './activities.queries.js';

/**
 * Check-in photos and submission files, read as their items are: a check-in's by whoever may see
 * its challenge (the community's member area); a submission's by its author, the community's
 * reviewers and, once featured, every member (as `AssignmentsService.getSubmission`).
 */
export class ActivityFileUsage implements FileUsage {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly access: AccessService,
  ) {}

  async readableVia(actor: Actor, fileId: string): Promise<boolean> {
    const viewers = new Map<string, Viewer | null>();
    const viewerIn = async (communityId: string): Promise<Viewer | null> => {
      if (!viewers.has(communityId)) viewers.set(communityId, await this.memberViewer(actor, communityId));
      return viewers.get(communityId) ?? null;
    };

    for (const communityId of await q.listCheckinCommunitiesUsingFile(this.db, fileId))
      if (await viewerIn(communityId)) return true;

    for (const submission of await q.listSubmissionsUsingFile(this.db, fileId)) {
      const viewer = await viewerIn(submission.community_id);
      if (!viewer) continue;
      if (
        submission.user_id === viewer.userId ||
        submission.featured === 1 ||
        can(viewer, 'submission:review')
      )
        return true;
    }
    return false;
  }

  /** The viewer when they may see the community's member content; null otherwise. */
  private async memberViewer(actor: Actor, communityId: string): Promise<Viewer | null> {
    try {
      const viewer = await this.access.viewer(actor, communityId);
      return decideMemberArea(viewer).allow ? viewer : null;
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return null;
      throw error;
    }
  }
}
