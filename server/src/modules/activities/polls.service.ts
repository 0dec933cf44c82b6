import type { PollsTable } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { canModerate, type Viewer } from '../access/access.rules.js';
import {
  type ActivitiesDeps,
  authorize,
  memberViewer,
  requireUserId,
  validation,
} from './activities.context.js';
import { can, canClosePoll, runsPoll } from './activities.policy.js';
import { person } from './activities.presenter.js';
import * as q from './activities.queries.js';
import { isPollClosed, resultsVisible } from './activities.rules.js';
import { ActivityErrors, type CreatePollInput, type PollDto } from './activities.schemas.js';

const VOTERS_SHOWN = 10;

/** Polls: one ballot per member, changeable until the poll closes. */
export class PollsService {
  constructor(private readonly deps: ActivitiesDeps) {}

  async create(actor: Actor, communityId: string, input: CreatePollInput): Promise<PollDto> {
    const { viewer, userId } = await authorize(
      this.deps,
      actor,
      communityId,
      'poll:create',
      'Only members create polls.',
    );
    const now = this.deps.clock.now();
    const labels = input.options.map((o) => o.trim());
    const errors = labels.flatMap((label, i) =>
      labels.indexOf(label) === i
        ? []
        : [{ path: `options.${i}`, code: 'duplicate', message: 'repeats an option' }],
    );
    const multiple = input.multiple ?? false;
    const maxChoices = multiple ? (input.maxChoices ?? labels.length) : 1;
    if (input.maxChoices !== undefined && !multiple && input.maxChoices !== 1)
      errors.push({
        path: 'maxChoices',
        code: 'single_choice',
        message: 'must be 1 for a single-choice poll',
      });
    if (maxChoices > labels.length)
      errors.push({ path: 'maxChoices', code: 'too_many', message: 'is more than the number of options' });
    if (input.closesAt != null && input.closesAt <= now)
      errors.push({ path: 'closesAt', code: 'past', message: 'must be in the future' });
    if (errors.length > 0) throw validation(errors);
    if (input.postId) await this.assertAttachable(actor, viewer, communityId, input.postId);

    const poll: PollsTable = {
      id: newId(),
      community_id: communityId,
      post_id: input.postId ?? null,
      author_id: userId,
      question: input.question.trim(),
      multiple: multiple ? 1 : 0,
      max_choices: maxChoices,
      anonymous: input.anonymous ? 1 : 0,
      results_visibility: input.resultsVisibility ?? 'after_vote',
      closes_at: input.closesAt ?? null,
      closed_at: null,
      created_at: now,
      updated_at: now,
    };
    await this.deps.db.transaction().execute((tx) =>
      q.insertPoll(
        tx,
        poll,
        labels.map((label, position) => ({ id: newId(), label, position })),
      ),
    );
    return (await this.present(viewer, [poll]))[0] as PollDto;
  }

  async get(actor: Actor, pollId: string): Promise<PollDto> {
    const { poll, viewer } = await this.load(actor, pollId);
    return (await this.present(viewer, [poll]))[0] as PollDto;
  }

  /** The poll and the viewer, who must see the community's member content and the poll's post. */
  private async load(actor: Actor, pollId: string): Promise<{ poll: PollsTable; viewer: Viewer }> {
    const poll = await q.findPoll(this.deps.db, pollId);
    if (!poll) throw notFound('poll');
    // A post's poll is as visible as its post (hidden, in review, deleted: not to other members).
    const viewer = poll.post_id
      ? (await this.deps.access.requirePost(actor, poll.post_id)).viewer
      : await memberViewer(this.deps, actor, poll.community_id);
    return { poll, viewer };
  }

  /** Only a post's author (or a moderator) attaches a poll to it, and only within its community. */
  private async assertAttachable(actor: Actor, viewer: Viewer, communityId: string, postId: string) {
    const { post } = await this.deps.access.requirePost(actor, postId).catch((error: unknown) => {
      if (error instanceof AppError && error.status === 404)
        throw validation([
          { path: 'postId', code: 'unknown_post', message: 'is not a post of this community' },
        ]);
      throw error;
    });
    if (post.community_id !== communityId)
      throw validation([
        { path: 'postId', code: 'unknown_post', message: 'is not a post of this community' },
      ]);
    if (post.author_id !== viewer.userId && !canModerate(viewer))
      throw forbidden('forbidden', 'Only the post’s author attaches a poll to it.');
  }

  async list(
    actor: Actor,
    communityId: string,
    page: { postId?: string; limit?: number; cursor?: string },
  ): Promise<{ items: PollDto[]; nextCursor: string | null }> {
    const viewer = await memberViewer(this.deps, actor, communityId);
    const limit = page.limit ?? 20;
    const rows = await q.listPolls(this.deps.db, communityId, {
      viewer: { userId: viewer.userId, moderator: canModerate(viewer) },
      postId: page.postId,
      before: decodeCursor(page.cursor),
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: await this.present(viewer, items),
      nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
    };
  }

  /** The member's ballot becomes `optionIds` (a first vote or a change); 409 once closed. */
  async vote(actor: Actor, pollId: string, optionIds: string[]): Promise<PollDto> {
    const userId = requireUserId(actor);
    const { poll, viewer } = await this.load(actor, pollId);
    if (!can(viewer, 'poll:vote')) throw forbidden('forbidden', 'Only members vote.');
    this.assertOpen(poll);
    const options = await q.listOptions(this.deps.db, [pollId]);
    const known = new Set(options.map((o) => o.id));
    const errors = optionIds.flatMap((id, i) =>
      known.has(id)
        ? []
        : [{ path: `optionIds.${i}`, code: 'unknown_option', message: 'is not an option of this poll' }],
    );
    if (errors.length === 0 && optionIds.length > poll.max_choices)
      errors.push({
        path: 'optionIds',
        code: poll.multiple ? 'too_many' : 'single_choice',
        message: poll.multiple ? `allows at most ${poll.max_choices} choices` : 'allows one choice',
      });
    if (errors.length > 0) throw validation(errors);

    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (tx) => {
      // Closed while this request was on its way: the poll row is read again inside the write.
      const current = await q.findPoll(tx, pollId);
      if (!current) throw notFound('poll');
      this.assertOpen(current);
      await q.replaceBallot(tx, pollId, userId, optionIds, now);
    });
    return (await this.present(viewer, [poll]))[0] as PollDto;
  }

  async retract(actor: Actor, pollId: string): Promise<PollDto> {
    const userId = requireUserId(actor);
    const { poll, viewer } = await this.load(actor, pollId);
    if (!can(viewer, 'poll:vote')) throw forbidden('forbidden', 'Only members vote.');
    this.assertOpen(poll);
    await this.deps.db.transaction().execute((tx) => q.deleteBallot(tx, pollId, userId));
    return (await this.present(viewer, [poll]))[0] as PollDto;
  }

  /** Closes now (author or moderator); closing a closed poll changes nothing. */
  async close(actor: Actor, pollId: string): Promise<PollDto> {
    const userId = requireUserId(actor);
    const { poll, viewer } = await this.load(actor, pollId);
    if (!canClosePoll(viewer, poll))
      throw forbidden('forbidden', 'Only the poll’s author or a moderator closes it.');
    const now = this.deps.clock.now();
    if (!isPollClosed(poll, now))
      await this.deps.db.transaction().execute(async (tx) => {
        await q.closePoll(tx, pollId, now);
        if (poll.author_id !== userId)
          await recordAudit(
            tx,
            {
              actorId: userId,
              action: 'activities.poll.close',
              subjectType: 'poll',
              subjectId: pollId,
              ip: actor.ip,
            },
            now,
          );
      });
    const updated = await q.findPoll(this.deps.db, pollId);
    if (!updated) throw notFound('poll');
    return (await this.present(viewer, [updated]))[0] as PollDto;
  }

  private assertOpen(poll: PollsTable): void {
    if (isPollClosed(poll, this.deps.clock.now()))
      throw new AppError(409, ActivityErrors.pollClosed, 'This poll is closed; votes can no longer change.');
  }

  /** Polls as the viewer sees them: options, their own vote, and results when they may see them. */
  private async present(viewer: Viewer, polls: PollsTable[]): Promise<PollDto[]> {
    const db = this.deps.db;
    const ids = polls.map((p) => p.id);
    const now = this.deps.clock.now();
    const [options, mine, counts, voters, authors] = await Promise.all([
      q.listOptions(db, ids),
      q.listMyVotes(db, ids, viewer.userId),
      q.countVotes(db, ids),
      q.countVoters(db, ids),
      q.displayNames(
        db,
        polls.map((p) => p.author_id),
      ),
    ]);
    const votesByOption = new Map(counts.map((c) => [c.option_id, Number(c.n)]));
    const votersByPoll = new Map(voters.map((c) => [c.poll_id, Number(c.n)]));
    const result: PollDto[] = [];
    for (const poll of polls) {
      const myVote = mine.filter((v) => v.poll_id === poll.id).map((v) => v.option_id);
      const runs = runsPoll(viewer, poll);
      const visible = resultsVisible(poll, { hasVoted: myVote.length > 0, runsPoll: runs }, now);
      const closed = isPollClosed(poll, now);
      const pollOptions = options.filter((o) => o.poll_id === poll.id);
      const named = visible && poll.anonymous === 0;
      const optionVoters = named
        ? await Promise.all(pollOptions.map((o) => q.listOptionVoters(db, poll.id, o.id, VOTERS_SHOWN)))
        : [];
      result.push({
        id: poll.id,
        communityId: poll.community_id,
        postId: poll.post_id,
        author: person(poll.author_id, authors.get(poll.author_id)),
        question: poll.question,
        multiple: poll.multiple === 1,
        maxChoices: poll.max_choices,
        anonymous: poll.anonymous === 1,
        resultsVisibility: poll.results_visibility,
        closesAt: poll.closes_at === null ? null : Number(poll.closes_at),
        closed,
        createdAt: Number(poll.created_at),
        options: pollOptions.map((o, i) => ({
          id: o.id,
          label: o.label,
          votes: visible ? (votesByOption.get(o.id) ?? 0) : null,
          voters: named ? (optionVoters[i] ?? []).map((u) => person(u.id, u.display_name)) : [],
        })),
        resultsVisible: visible,
        voterCount: visible ? (votersByPoll.get(poll.id) ?? 0) : null,
        myVote,
        abilities: { vote: !closed && can(viewer, 'poll:vote'), close: !closed && runs },
      });
    }
    return result;
  }
}
