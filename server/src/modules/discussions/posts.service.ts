import type { Kysely } from 'kysely';
import type { DB, PostState } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { conflict, invalidField, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { renderMarkdown } from '../../platform/markdown.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { canModerate, decideMemberArea, type Viewer } from '../access/access.rules.js';
import {
  type DiscussionsDeps,
  decodeFeedCursor,
  deny,
  encodeFeedCursor,
  limitRate,
  normaliseTags,
  notify,
  postDocument,
  requireText,
  requireUserId,
} from './discussions.context.js';
import {
  canAccept,
  canConfigure,
  canDeletePost,
  canEditPost,
  canFeature,
  canLock,
  canPin,
  canPost,
  canReact,
  canReviewPosts,
  countLinks,
  DEFAULT_REVIEW_SETTINGS,
  hotScore,
  mentionedNames,
  needsReview,
  type ReviewSettings,
  referencedFileIds,
} from './discussions.policy.js';
import { parseTags, presentPost, presentPostSummary } from './discussions.presenter.js';
import type { FeedCursor } from './discussions.queries.js';
import * as q from './discussions.queries.js';
import {
  type CreatePostInput,
  DiscussionErrors,
  type DiscussionSettingsDto,
  type FeedQueryInput,
  type ModeratePostInput,
  POST_REACTIONS,
  type PostDto,
  type ReactionsDto,
  type UpdatePostInput,
} from './discussions.schemas.js';
import { listFeedPageWithViewer, listPinnedPosts } from './feed.queries.js';

/** Posts: write, read, feeds, moderation, review, reactions on posts and accepted answers. */
export class PostsService {
  constructor(private readonly deps: DiscussionsDeps) {}

  async createPost(actor: Actor, communityId: string, input: CreatePostInput): Promise<PostDto> {
    const userId = requireUserId(actor);
    const { db, clock, outbox, access } = this.deps;
    const viewer = await access.viewer(actor, communityId);
    await access.enforce(viewer, decideMemberArea(viewer), 'community');
    deny(canPost(viewer), 'Only members post here.');
    const body = requireText('body', input.body);
    const title = input.title?.trim() ? input.title.trim() : null;
    const tags = normaliseTags(input.tags);
    const attachmentIds = input.attachmentIds ?? [];
    await this.assertFiles(attachmentIds, userId, communityId);
    await limitRate(this.deps, 'posts', userId);
    const settings = await this.reviewSettings(communityId);
    const state: PostState = needsReview(viewer, settings, countLinks(body)) ? 'in_review' : 'published';
    const now = clock.now();
    const post: q.PostRow = {
      id: newId(),
      community_id: communityId,
      author_id: userId,
      kind: input.kind ?? 'discussion',
      title,
      body,
      body_html: renderMarkdown(body),
      tags: JSON.stringify(tags),
      state,
      pinned: 0,
      featured: 0,
      locked: 0,
      reaction_count: 0,
      comment_count: 0,
      answer_count: 0,
      accepted_comment_id: null,
      hot_score: hotScore(0, 0, now),
      state_reason: null,
      edited_at: null,
      last_activity_at: now,
      created_at: now,
      updated_at: now,
    };
    await db.transaction().execute(async (tx) => {
      await q.insertPost(tx, post);
      await q.replacePostTags(tx, post.id, communityId, tags);
      await q.addPostFiles(tx, post.id, attachmentIds, 'attachment');
      await this.recordInlineFiles(tx, post.id, body, userId, communityId);
      if (state === 'published') {
        await this.deps.search.index(tx, postDocument(post));
        await this.notifyMentions(tx, post, body, null, post.id, now);
      }
    });
    outbox.wake();
    return this.present(post.id, viewer);
  }

  /** One post, when the viewer may read it (the access service decides: 404, or 403 join_required). */
  async getPost(actor: Actor, postId: string): Promise<PostDto> {
    const { viewer, post } = await this.deps.access.requirePost(actor, postId);
    return this.presentRow(post, viewer);
  }

  /** Edits keep the earlier version in post_revisions. */
  async updatePost(actor: Actor, postId: string, input: UpdatePostInput): Promise<PostDto> {
    const userId = requireUserId(actor);
    const { db, clock, outbox, access } = this.deps;
    const { viewer, post } = await access.requirePost(actor, postId);
    deny(canEditPost(viewer, post), 'Only the author or a moderator edits a post.');
    const body = input.body === undefined ? post.body : requireText('body', input.body);
    const title = input.title === undefined ? post.title : input.title?.trim() ? input.title.trim() : null;
    const tags = input.tags === undefined ? parseTags(post.tags) : normaliseTags(input.tags);
    if (input.attachmentIds) await this.assertFiles(input.attachmentIds, userId, post.community_id);
    // Links added by an edit are weighed like a new post's, so review cannot be skipped by editing later.
    const addsLinks = input.body !== undefined && countLinks(body) > countLinks(post.body);
    const settings = addsLinks ? await this.reviewSettings(post.community_id) : null;
    const backToReview =
      post.state === 'published' &&
      settings !== null &&
      needsReview(viewer, { ...settings, postsRequireReview: false }, countLinks(body));
    const now = clock.now();
    const revisionId = newId();
    const updated: q.PostRow = {
      ...post,
      state: backToReview ? 'in_review' : post.state,
      title,
      body,
      body_html: input.body === undefined ? post.body_html : renderMarkdown(body),
      tags: JSON.stringify(tags),
      edited_at: now,
      updated_at: now,
    };
    await db.transaction().execute(async (tx) => {
      await q.insertRevision(tx, {
        id: revisionId,
        post_id: post.id,
        editor_id: userId,
        title: post.title,
        body: post.body,
        tags: post.tags,
        created_at: now,
      });
      await q.updatePost(tx, post.id, {
        title,
        body,
        body_html: updated.body_html,
        tags: updated.tags,
        edited_at: now,
        updated_at: now,
        ...(backToReview ? { state: 'in_review' as const } : {}),
      });
      if (input.tags) await q.replacePostTags(tx, post.id, post.community_id, tags);
      if (input.attachmentIds) {
        await q.removeAttachments(tx, post.id);
        await q.addPostFiles(tx, post.id, input.attachmentIds, 'attachment');
      }
      await this.recordInlineFiles(tx, post.id, body, userId, post.community_id);
      if (backToReview) await this.deps.search.remove(tx, 'post', post.id);
      else if (post.state === 'published') {
        await this.deps.search.index(tx, postDocument(updated));
        // Only names the edit added: those already mentioned were told when they were.
        await this.notifyMentions(tx, updated, body, post.body, revisionId, now);
      }
    });
    outbox.wake();
    return this.present(post.id, viewer);
  }

  /** Soft delete by the author or a moderator, with an optional reason; audited. */
  async deletePost(actor: Actor, postId: string, reason: string | undefined): Promise<void> {
    const userId = requireUserId(actor);
    const { db, clock, access } = this.deps;
    const { viewer, post } = await access.requirePost(actor, postId);
    deny(canDeletePost(viewer, post), 'Only the author or a moderator deletes a post.');
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      const moved = await q.changePostState(tx, post.id, ['published', 'in_review', 'hidden'], {
        state: 'deleted',
        state_reason: reason?.trim() || null,
        pinned: 0,
        updated_at: now,
      });
      if (moved === 0) throw notFound('post');
      await this.deps.search.remove(tx, 'post', post.id);
      await recordAudit(
        tx,
        {
          actorId: userId,
          action: 'discussions.post.delete',
          subjectType: 'post',
          subjectId: post.id,
          data: {
            communityId: post.community_id,
            byAuthor: post.author_id === userId,
            ...(reason ? { reason } : {}),
          },
          ip: actor.ip,
        },
        now,
      );
    });
  }

  /** Pin (owner), feature / 精华 (owner, moderators), lock comments (owner, moderators); audited. */
  async moderatePost(actor: Actor, postId: string, input: ModeratePostInput): Promise<PostDto> {
    const userId = requireUserId(actor);
    const { db, clock, access } = this.deps;
    const { viewer, post } = await access.requirePost(actor, postId);
    if (input.pinned !== undefined) deny(canPin(viewer), 'Only the owner pins posts.');
    if (input.featured !== undefined)
      deny(canFeature(viewer), 'Only the owner and moderators feature posts.');
    if (input.locked !== undefined) deny(canLock(viewer), 'Only the owner and moderators lock comments.');
    if (post.state !== 'published')
      throw conflict('post_not_published', 'Only published posts are moderated this way.');
    const now = clock.now();
    const set = {
      ...(input.pinned !== undefined ? { pinned: input.pinned ? 1 : 0 } : {}),
      ...(input.featured !== undefined ? { featured: input.featured ? 1 : 0 } : {}),
      ...(input.locked !== undefined ? { locked: input.locked ? 1 : 0 } : {}),
      updated_at: now,
    };
    await db.transaction().execute(async (tx) => {
      await q.updatePost(tx, post.id, set);
      await recordAudit(
        tx,
        {
          actorId: userId,
          action: 'discussions.post.moderate',
          subjectType: 'post',
          subjectId: post.id,
          data: { communityId: post.community_id, ...input },
          ip: actor.ip,
        },
        now,
      );
    });
    return this.present(post.id, viewer);
  }

  /**
   * A community's feed: member content, so the member-area rule first (403 join_required with
   * plans for visitors), then one keyset query on the order's index. Without a tag or author
   * filter the page is read in the same statement as the viewer's role and membership, and the
   * rule is applied to those facts before any row is presented.
   */
  async listFeed(actor: Actor, communityId: string, query: FeedQueryInput) {
    const { db, access } = this.deps;
    const sort = query.sort ?? 'latest';
    const limit = query.limit ?? 20;
    const tag = query.tag?.trim().toLowerCase();
    // A bad cursor answers 400 only to those who may read the feed: the member-area rule comes first.
    let after: FeedCursor | null = null;
    let badCursor: unknown = null;
    try {
      after = decodeFeedCursor(query.cursor);
      if (sort === 'hot' && after && after.score === undefined)
        throw invalidField('cursor', 'cursor', 'cursor is not a hot-feed cursor');
    } catch (err) {
      badCursor = err;
    }
    const common = badCursor === null && tag === undefined && query.author === undefined;
    const firstPlain = common && !after && sort === 'latest';
    const [page, pinned] = common
      ? await Promise.all([
          listFeedPageWithViewer(db, {
            communityId,
            userId: actor.kind === 'user' ? actor.user.id : null,
            sort,
            after,
            limit: limit + 1,
          }),
          firstPlain ? listPinnedPosts(db, communityId) : [],
        ])
      : [null, []];
    const first = page?.[0];
    const viewer = first
      ? access.viewerOf(actor, communityId, {
          role: first.viewer_role,
          state: first.viewer_state,
          plan_id: first.viewer_plan_id,
          starts_at: first.viewer_starts_at,
          ends_at: first.viewer_ends_at,
        })
      : await access.viewer(actor, communityId);
    await access.enforce(viewer, decideMemberArea(viewer), 'community');
    if (badCursor !== null) throw badCursor;
    const rows =
      page ??
      (await q.listFeed(db, { communityId, sort, tag, authorId: query.author, after, limit: limit + 1 }));
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const nextCursor =
      rows.length > limit && last
        ? encodeFeedCursor(sort === 'hot' ? { id: last.id, score: Number(last.hot_score) } : { id: last.id })
        : null;
    return {
      pinned: pinned.map(presentPostSummary),
      items: items.map(presentPostSummary),
      nextCursor,
    };
  }

  async listRevisions(actor: Actor, postId: string, page: { limit?: number; cursor?: string }) {
    const { viewer, post } = await this.deps.access.requirePost(actor, postId);
    deny(canEditPost(viewer, post) || canModerate(viewer), 'Only the author and moderators see the history.');
    const limit = page.limit ?? 20;
    const rows = await q.listRevisions(this.deps.db, postId, decodeCursor(page.cursor), limit + 1);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map((r) => ({
        id: r.id,
        editor: { id: r.editor_id, displayName: r.display_name },
        title: r.title,
        body: r.body,
        tags: parseTags(r.tags),
        createdAt: r.created_at,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
    };
  }

  // ------------------------------------------------------------------ review

  async listReviewQueue(actor: Actor, communityId: string, page: { limit?: number; cursor?: string }) {
    requireUserId(actor);
    const viewer = await this.deps.access.viewer(actor, communityId);
    deny(canReviewPosts(viewer), 'Only the community staff review posts.');
    const limit = page.limit ?? 20;
    const rows = await q.listInReview(this.deps.db, communityId, decodeCursor(page.cursor), limit + 1);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map(presentPostSummary),
      nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
    };
  }

  approvePost(actor: Actor, postId: string): Promise<PostDto> {
    return this.decide(actor, postId, null);
  }

  /** Rejected posts are hidden with the reason, which the author sees. */
  rejectPost(actor: Actor, postId: string, reason: string): Promise<PostDto> {
    return this.decide(actor, postId, reason);
  }

  private async decide(actor: Actor, postId: string, rejectReason: string | null): Promise<PostDto> {
    const userId = requireUserId(actor);
    const { db, clock, outbox, access } = this.deps;
    const { viewer, post } = await access.requirePost(actor, postId);
    deny(canReviewPosts(viewer), 'Only the community staff review posts.');
    if (post.state !== 'in_review')
      throw conflict(DiscussionErrors.notInReview, 'This post is not waiting for review.');
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      const approved = rejectReason === null;
      const moved = await q.changePostState(tx, post.id, ['in_review'], {
        state: approved ? 'published' : 'hidden',
        state_reason: rejectReason,
        updated_at: now,
        // Its time in the queue does not count against it in the hot order.
        ...(approved ? { hot_score: hotScore(0, 0, now), last_activity_at: now } : {}),
      });
      if (moved === 0) throw conflict(DiscussionErrors.notInReview, 'This post was already decided.');
      if (approved) {
        await this.deps.search.index(tx, postDocument(post));
        await this.notifyMentions(tx, post, post.body, null, post.id, now);
      } else await this.deps.search.remove(tx, 'post', post.id);
      await notify(this.deps, tx, {
        kind: 'review_decision',
        communityId: post.community_id,
        actorId: userId,
        sourceId: `review:${post.id}`,
        at: now,
        itemType: 'post',
        itemId: post.id,
        decision: approved ? 'approved' : 'rejected',
        recipientId: post.author_id,
      });
      await recordAudit(
        tx,
        {
          actorId: userId,
          action: approved ? 'discussions.review.approve' : 'discussions.review.reject',
          subjectType: 'post',
          subjectId: post.id,
          data: { communityId: post.community_id, ...(rejectReason ? { reason: rejectReason } : {}) },
          ip: actor.ip,
        },
        now,
      );
    });
    outbox.wake();
    return this.present(post.id, viewer);
  }

  async getSettings(actor: Actor, communityId: string): Promise<DiscussionSettingsDto> {
    requireUserId(actor);
    const viewer = await this.deps.access.viewer(actor, communityId);
    deny(canReviewPosts(viewer), 'Only the community staff see these settings.');
    return this.reviewSettings(communityId);
  }

  async updateSettings(
    actor: Actor,
    communityId: string,
    input: Partial<DiscussionSettingsDto>,
  ): Promise<DiscussionSettingsDto> {
    const userId = requireUserId(actor);
    const { db, clock } = this.deps;
    const viewer = await this.deps.access.viewer(actor, communityId);
    deny(canConfigure(viewer), 'Only the owner changes these settings.');
    const next = { ...(await this.reviewSettings(communityId)), ...input };
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      await q.upsertSettings(tx, {
        community_id: communityId,
        posts_require_review: next.postsRequireReview ? 1 : 0,
        new_member_link_limit: next.newMemberLinkLimit,
        new_member_days: next.newMemberDays,
        updated_at: now,
      });
      await recordAudit(
        tx,
        {
          actorId: userId,
          action: 'discussions.settings.update',
          subjectType: 'community',
          subjectId: communityId,
          data: { ...next },
          ip: actor.ip,
        },
        now,
      );
    });
    return next;
  }

  // ------------------------------------------------------------------ reactions, answers

  /** One reaction per member per kind; repeating it changes nothing. */
  async setReaction(actor: Actor, postId: string, kind: string, on: boolean): Promise<ReactionsDto> {
    const userId = requireUserId(actor);
    if (!(POST_REACTIONS as readonly string[]).includes(kind))
      throw invalidField(
        'kind',
        DiscussionErrors.reactionKind,
        `kind must be one of ${POST_REACTIONS.join(', ')}`,
      );
    const { db, clock, outbox, access } = this.deps;
    const { viewer, post } = await access.requirePost(actor, postId);
    deny(canReact(viewer, post), 'You may not react to this post.');
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      const changed = on
        ? await q.addPostReaction(tx, post.id, userId, kind, now)
        : await q.removePostReaction(tx, post.id, userId, kind);
      if (!changed) return;
      const counts = await q.bumpPostCounters(tx, post.id, { reactions: on ? 1 : -1 }, null);
      if (counts)
        await q.updatePost(tx, post.id, {
          hot_score: hotScore(counts.reaction_count, counts.comment_count, counts.created_at),
        });
      if (on)
        await notify(this.deps, tx, {
          kind: 'reaction',
          communityId: post.community_id,
          actorId: userId,
          sourceId: `post:${post.id}:${kind}:${userId}`,
          at: now,
          postId: post.id,
          commentId: null,
          recipientId: post.author_id,
          reaction: kind,
        });
    });
    outbox.wake();
    const tally = await q.postReactionTally(db, post.id, userId);
    const fresh = await q.findPost(db, post.id);
    return { reactionCount: fresh?.reaction_count ?? 0, reactions: tally.counts, myReactions: tally.mine };
  }

  /** The asker (or a moderator) accepts one answer: a published top-level comment of the question. */
  async acceptAnswer(actor: Actor, postId: string, commentId: string): Promise<PostDto> {
    const userId = requireUserId(actor);
    const { db, clock, outbox, access } = this.deps;
    const { viewer, post } = await access.requirePost(actor, postId);
    if (post.kind !== 'question')
      throw conflict(DiscussionErrors.notAQuestion, 'Only questions have accepted answers.');
    deny(canAccept(viewer, post), 'Only the asker or a moderator accepts an answer.');
    const answer = await q.findComment(db, commentId);
    if (!answer || answer.post_id !== post.id || answer.state !== 'published') throw notFound('answer');
    if (answer.root_id !== null)
      throw conflict(DiscussionErrors.notAnAnswer, 'Only top-level comments are answers.');
    const now = clock.now();
    if (post.accepted_comment_id !== answer.id)
      await db.transaction().execute(async (tx) => {
        await q.updatePost(tx, post.id, { accepted_comment_id: answer.id, updated_at: now });
        await notify(this.deps, tx, {
          kind: 'answer_accepted',
          communityId: post.community_id,
          actorId: userId,
          sourceId: `accept:${answer.id}`,
          at: now,
          postId: post.id,
          commentId: answer.id,
          recipientId: answer.author_id,
        });
      });
    outbox.wake();
    return this.present(post.id, viewer);
  }

  // ------------------------------------------------------------------ helpers

  private async reviewSettings(communityId: string): Promise<ReviewSettings> {
    const row = await q.findSettings(this.deps.db, communityId);
    return row
      ? {
          postsRequireReview: row.posts_require_review === 1,
          newMemberLinkLimit: row.new_member_link_limit,
          newMemberDays: row.new_member_days,
        }
      : { ...DEFAULT_REVIEW_SETTINGS };
  }

  private async assertFiles(fileIds: readonly string[], userId: string, communityId: string): Promise<void> {
    const usable = await q.findUsableFileIds(this.deps.db, fileIds, userId, communityId);
    const unknown = fileIds.findIndex((id) => !usable.has(id));
    if (unknown >= 0)
      throw invalidField(
        `attachmentIds.${unknown}`,
        'unknown_file',
        'names no file you uploaded to this community',
      );
  }

  /** Images the markdown shows, so the files module lets the post's readers open them. */
  private async recordInlineFiles(
    tx: Kysely<DB>,
    postId: string,
    markdown: string,
    userId: string,
    communityId: string,
  ): Promise<void> {
    const usable = await q.findUsableFileIds(tx, referencedFileIds(markdown), userId, communityId);
    await q.addPostFiles(tx, postId, [...usable], 'inline');
  }

  private async notifyMentions(
    tx: Kysely<DB>,
    post: q.PostRow,
    body: string,
    previousBody: string | null,
    sourceId: string,
    now: number,
  ): Promise<void> {
    const before = new Set(previousBody === null ? [] : mentionedNames(previousBody));
    const names = mentionedNames(body).filter((n) => !before.has(n));
    const recipientIds = await q.findMentionedUserIds(tx, post.community_id, names);
    await notify(this.deps, tx, {
      kind: 'mention',
      communityId: post.community_id,
      actorId: post.author_id,
      sourceId,
      at: now,
      postId: post.id,
      commentId: null,
      recipientIds,
    });
  }

  private async present(postId: string, viewer: Viewer): Promise<PostDto> {
    const post = await q.findPost(this.deps.db, postId);
    if (!post) throw notFound('post');
    return this.presentRow(post, viewer);
  }

  private async presentRow(post: q.PostRow, viewer: Viewer): Promise<PostDto> {
    const { db } = this.deps;
    const [author, attachments, tally] = await Promise.all([
      q.findDisplayName(db, post.author_id),
      q.listAttachments(db, post.id),
      q.postReactionTally(db, post.id, viewer.userId),
    ]);
    return presentPost(post, viewer, {
      authorName: author?.display_name ?? '',
      attachments,
      reactions: tally.counts,
      myReactions: tally.mine,
    });
  }
}
