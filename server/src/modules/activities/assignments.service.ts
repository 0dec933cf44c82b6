import type { AssignmentsTable } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { renderMarkdown } from '../../platform/markdown.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import type { Viewer } from '../access/access.rules.js';
import { NOTIFY_TOPIC, type NotificationEvent } from '../notifications/notification-events.js';
import {
  type ActivitiesDeps,
  assertOwnFiles,
  authorize,
  memberViewer,
  newActivityEvent,
  requireUserId,
  validation,
} from './activities.context.js';
import { can } from './activities.policy.js';
import { assignmentFields, person, presentSubmission } from './activities.presenter.js';
import * as q from './activities.queries.js';
import { isLate } from './activities.rules.js';
import {
  ActivityErrors,
  type AssignmentDto,
  type CreateAssignmentInput,
  type SubmissionDto,
  type SubmitInput,
} from './activities.schemas.js';

/** Assignments (作业): members submit until reviewed; reviewers score, give feedback and feature. */
export class AssignmentsService {
  constructor(private readonly deps: ActivitiesDeps) {}

  async create(actor: Actor, communityId: string, input: CreateAssignmentInput): Promise<AssignmentDto> {
    const { viewer, userId } = await authorize(
      this.deps,
      actor,
      communityId,
      'assignment:create',
      'Only the owner and contributors post assignments.',
    );
    const now = this.deps.clock.now();
    const description = input.description ?? '';
    const row: AssignmentsTable = {
      id: newId(),
      community_id: communityId,
      author_id: userId,
      title: input.title.trim(),
      description,
      description_html: renderMarkdown(description),
      due_at: input.dueAt,
      created_at: now,
      updated_at: now,
    };
    await this.deps.db.transaction().execute(async (tx) => {
      await q.insertAssignment(tx, row);
      await recordAudit(
        tx,
        {
          actorId: userId,
          action: 'activities.assignment.create',
          subjectType: 'assignment',
          subjectId: row.id,
          ip: actor.ip,
        },
        now,
      );
      await this.deps.outbox.add(tx, NOTIFY_TOPIC, newActivityEvent('assignment', row, now));
    });
    this.deps.outbox.wake();
    return (await this.present(viewer, [row]))[0] as AssignmentDto;
  }

  async get(actor: Actor, assignmentId: string): Promise<AssignmentDto> {
    const { assignment, viewer } = await this.load(actor, assignmentId);
    return (await this.present(viewer, [assignment]))[0] as AssignmentDto;
  }

  async list(actor: Actor, communityId: string, page: { limit?: number; cursor?: string }) {
    const viewer = await memberViewer(this.deps, actor, communityId);
    const limit = page.limit ?? 20;
    const rows = await q.listAssignments(this.deps.db, communityId, decodeCursor(page.cursor), limit + 1);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: await this.present(viewer, items),
      nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
    };
  }

  /**
   * The member's submission: the first, or a new version while not yet reviewed (409 after).
   * After the due time it is still taken, marked late.
   */
  async submit(actor: Actor, assignmentId: string, input: SubmitInput): Promise<SubmissionDto> {
    const userId = requireUserId(actor);
    const { assignment, viewer } = await this.load(actor, assignmentId);
    if (!can(viewer, 'assignment:submit')) throw forbidden('forbidden', 'Only members submit.');
    if (assignment.author_id === userId)
      throw forbidden('forbidden', 'You posted this assignment: members submit to it, you review.');
    const fileIds = input.fileIds ?? [];
    if (input.body.trim() === '' && fileIds.length === 0)
      throw validation([
        { path: 'body', code: 'empty', message: 'is empty: write something or attach a file' },
      ]);
    await assertOwnFiles(this.deps, fileIds, userId, assignment.community_id);
    const now = this.deps.clock.now();
    const saved = await this.deps.db.transaction().execute(async (tx) => {
      const stored = await q.upsertSubmission(tx, {
        id: newId(),
        assignment_id: assignmentId,
        community_id: assignment.community_id,
        user_id: userId,
        body: input.body,
        body_html: renderMarkdown(input.body),
        file_ids: JSON.stringify(fileIds),
        state: 'submitted',
        late: isLate(now, Number(assignment.due_at)) ? 1 : 0,
        revision: 1,
        submitted_at: now,
        score: null,
        feedback: null,
        reviewed_by: null,
        reviewed_at: null,
        featured: 0,
        created_at: now,
        updated_at: now,
      });
      if (!stored) return false;
      // The row keeps its first id across versions; its files are this version's.
      const [current] = await q.findSubmissionsOf(tx, [assignmentId], userId);
      if (current) await q.replaceActivityFiles(tx, 'submission', current.id, fileIds);
      return true;
    });
    if (!saved)
      throw new AppError(
        409,
        ActivityErrors.submissionReviewed,
        'Your submission was already reviewed; it can no longer change.',
      );
    const [mine] = await q.findSubmissionsOf(this.deps.db, [assignmentId], userId);
    if (!mine) throw notFound('submission');
    return presentSubmission(mine);
  }

  /** Reviewers see every submission; other members the featured ones. */
  async listSubmissions(
    actor: Actor,
    assignmentId: string,
    page: { featured?: boolean; limit?: number; cursor?: string },
  ) {
    const { viewer } = await this.load(actor, assignmentId);
    const featuredOnly = page.featured === true || !can(viewer, 'submission:review');
    const limit = page.limit ?? 20;
    const rows = await q.listSubmissions(this.deps.db, assignmentId, {
      featuredOnly,
      before: decodeCursor(page.cursor),
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map(presentSubmission),
      nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
    };
  }

  async getSubmission(actor: Actor, submissionId: string): Promise<SubmissionDto> {
    const submission = await q.findSubmission(this.deps.db, submissionId);
    if (!submission) throw notFound('submission');
    const viewer = await memberViewer(this.deps, actor, submission.community_id);
    const mayRead =
      submission.user_id === viewer.userId || submission.featured === 1 || can(viewer, 'submission:review');
    if (!mayRead) throw notFound('submission');
    return presentSubmission(submission);
  }

  /** Score and feedback (again, to correct them); audited; the member is notified. */
  async review(
    actor: Actor,
    submissionId: string,
    input: { score: number; feedback: string },
  ): Promise<SubmissionDto> {
    const { submission, userId } = await this.reviewable(actor, submissionId);
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (tx) => {
      await q.reviewSubmission(tx, submissionId, {
        score: input.score,
        feedback: input.feedback,
        reviewedBy: userId,
        now,
      });
      await recordAudit(
        tx,
        {
          actorId: userId,
          action: 'activities.submission.review',
          subjectType: 'assignment_submission',
          subjectId: submissionId,
          data: {
            assignmentId: submission.assignment_id,
            score: input.score,
            previousScore: submission.score,
          },
          ip: actor.ip,
        },
        now,
      );
      const event: NotificationEvent = {
        kind: 'review_decision',
        itemType: 'assignment_submission',
        itemId: submissionId,
        decision: 'approved',
        recipientId: submission.user_id,
        communityId: submission.community_id,
        actorId: userId,
        sourceId: `assignment_review:${submissionId}:${now}`,
        at: now,
      };
      await this.deps.outbox.add(tx, NOTIFY_TOPIC, event);
    });
    this.deps.outbox.wake();
    return this.reread(submissionId);
  }

  async setFeatured(actor: Actor, submissionId: string, featured: boolean): Promise<SubmissionDto> {
    const { submission, userId } = await this.reviewable(actor, submissionId);
    const now = this.deps.clock.now();
    if ((submission.featured === 1) !== featured)
      await this.deps.db.transaction().execute(async (tx) => {
        await q.setFeatured(tx, submissionId, featured, now);
        await recordAudit(
          tx,
          {
            actorId: userId,
            action: featured ? 'activities.submission.feature' : 'activities.submission.unfeature',
            subjectType: 'assignment_submission',
            subjectId: submissionId,
            data: { assignmentId: submission.assignment_id },
            ip: actor.ip,
          },
          now,
        );
      });
    return this.reread(submissionId);
  }

  private async reviewable(actor: Actor, submissionId: string) {
    const userId = requireUserId(actor);
    const submission = await q.findSubmission(this.deps.db, submissionId);
    if (!submission) throw notFound('submission');
    const viewer = await memberViewer(this.deps, actor, submission.community_id);
    if (!can(viewer, 'submission:review'))
      throw forbidden('forbidden', 'Only the owner, moderators and contributors review submissions.');
    return { submission, userId, viewer };
  }

  private async reread(submissionId: string): Promise<SubmissionDto> {
    const row = await q.findSubmission(this.deps.db, submissionId);
    if (!row) throw notFound('submission');
    return presentSubmission(row);
  }

  private async load(actor: Actor, assignmentId: string) {
    const assignment = await q.findAssignment(this.deps.db, assignmentId);
    if (!assignment) throw notFound('assignment');
    const viewer = await memberViewer(this.deps, actor, assignment.community_id);
    return { assignment, viewer };
  }

  private async present(viewer: Viewer, rows: AssignmentsTable[]): Promise<AssignmentDto[]> {
    const ids = rows.map((r) => r.id);
    const [mine, authors] = await Promise.all([
      viewer.userId ? q.findSubmissionsOf(this.deps.db, ids, viewer.userId) : Promise.resolve([]),
      q.displayNames(
        this.deps.db,
        rows.map((r) => r.author_id),
      ),
    ]);
    const now = this.deps.clock.now();
    return rows.map((row) => {
      const submission = mine.find((s) => s.assignment_id === row.id);
      return {
        ...assignmentFields(row, now),
        author: person(row.author_id, authors.get(row.author_id)),
        mySubmission: submission ? presentSubmission(submission) : null,
        abilities: {
          submit:
            can(viewer, 'assignment:submit') &&
            row.author_id !== viewer.userId &&
            submission?.state !== 'reviewed',
          review: can(viewer, 'submission:review'),
        },
      };
    });
  }
}
