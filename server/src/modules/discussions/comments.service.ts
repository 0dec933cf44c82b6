import { isUniqueViolation } from '../../db/dialect.js';
import type { Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError, conflict, invalidField, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { renderMarkdown } from '../../platform/markdown.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import type { Viewer } from '../access/access.rules.js';
import {
  commentDocument,
  type DiscussionsDeps,
  deny,
  limitRate,
  notify,
  requireText,
  requireUserId,
} from './discussions.context.js';
import {
  canComment,
  canDeleteComment,
  canEditComment,
  canReact,
  hotScore,
  mentionedNames,
  referencedFileIds,
} from './discussions.policy.js';
import { presentComment } from './discussions.presenter.js';
import * as q from './discussions.queries.js';
import {
  COMMENT_REACTIONS,
  type CommentDto,
  type CreateCommentInput,
  DiscussionErrors,
  type ReactionsDto,
} from './discussions.schemas.js';

/** Threaded comments (answers, on questions) and their reactions; every read goes through the post's access. */
export class CommentsService {
  constructor(private readonly deps: DiscussionsDeps) {}

  /**
   * A comment on a post, or a reply to a comment at any depth (kept as parent + thread root, shown
   * two levels deep). With an Idempotency-Key, a repeated submit answers with the first comment.
   */
  async createComment(
    actor: Actor,
    postId: string,
    input: CreateCommentInput,
    idempotencyKey?: string,
  ): Promise<{ comment: CommentDto; created: boolean }> {
    const userId = requireUserId(actor);
    const { db, clock, outbox, access } = this.deps;
    const { viewer, post } = await access.requirePost(actor, postId);
    if (idempotencyKey) {
      const earlier = await q.findCommentByIdempotencyKey(db, userId, idempotencyKey);
      if (earlier && earlier.post_id === post.id)
        return { comment: await this.present(earlier.id, post, viewer), created: false };
      if (earlier)
        throw conflict('idempotency_key_reused', 'This Idempotency-Key was used for another comment.');
    }
    if (post.state === 'published' && post.locked === 1 && !canComment(viewer, post))
      throw conflict(DiscussionErrors.commentsLocked, 'Comments on this post are closed.');
    deny(canComment(viewer, post), 'You may not comment on this post.');
    const body = requireText('body', input.body);
    let parent: q.CommentRow | undefined;
    if (input.parentId !== undefined) {
      parent = await q.findComment(db, input.parentId);
      // A reply to a deleted, hidden or foreign comment: there is nothing to reply to.
      if (!parent || parent.post_id !== post.id || parent.state !== 'published') throw notFound('comment');
    }
    await limitRate(this.deps, 'comments', userId);
    const now = clock.now();
    const comment: q.CommentRow = {
      id: newId(),
      post_id: post.id,
      community_id: post.community_id,
      author_id: userId,
      parent_id: parent?.id ?? null,
      root_id: parent ? (parent.root_id ?? parent.id) : null,
      body,
      body_html: renderMarkdown(body),
      state: 'published',
      reaction_count: 0,
      upvote_count: 0,
      reply_count: 0,
      idempotency_key: idempotencyKey ?? null,
      state_reason: null,
      edited_at: null,
      created_at: now,
      updated_at: now,
    };
    const isAnswer = post.kind === 'question' && comment.root_id === null;
    try {
      await db.transaction().execute(async (tx) => {
        await q.insertComment(tx, comment);
        if (comment.root_id) await q.bumpReplyCount(tx, comment.root_id, 1);
        const counts = await q.bumpPostCounters(tx, post.id, { comments: 1, answers: isAnswer ? 1 : 0 }, now);
        if (counts)
          await q.updatePost(tx, post.id, {
            hot_score: hotScore(counts.reaction_count, counts.comment_count, counts.created_at),
          });
        const usable = await q.findUsableFileIds(tx, referencedFileIds(body), userId, post.community_id);
        await q.addPostFiles(tx, post.id, [...usable], 'inline');
        await this.deps.search.index(tx, commentDocument(comment, post));
        const base = { communityId: post.community_id, actorId: userId, at: now, postId: post.id };
        await notify(this.deps, tx, {
          ...base,
          kind: 'reply',
          sourceId: comment.id,
          commentId: comment.id,
          recipientId: parent ? parent.author_id : post.author_id,
        });
        await notify(this.deps, tx, {
          ...base,
          kind: 'mention',
          sourceId: comment.id,
          commentId: comment.id,
          recipientIds: await q.findMentionedUserIds(tx, post.community_id, mentionedNames(body)),
        });
      });
    } catch (error) {
      if (idempotencyKey && isUniqueViolation(error)) {
        const earlier = await q.findCommentByIdempotencyKey(db, userId, idempotencyKey);
        if (earlier) return { comment: await this.present(earlier.id, post, viewer), created: false };
      }
      throw error;
    }
    outbox.wake();
    return { comment: await this.present(comment.id, post, viewer), created: true };
  }

  /** Top-level comments, each with its first replies; "view more" continues with `listReplies`. */
  async listComments(
    actor: Actor,
    postId: string,
    query: { limit?: number; replies?: number; cursor?: string },
  ) {
    const { db, access } = this.deps;
    const { viewer, post } = await access.requirePost(actor, postId);
    const limit = query.limit ?? 20;
    const perRoot = query.replies ?? 3;
    const rows = await q.listTopLevelComments(db, post.id, decodeCursor(query.cursor), limit + 1);
    const roots = rows.slice(0, limit);
    const replies = await q.listFirstReplies(
      db,
      post.id,
      roots.map((r) => r.id),
      perRoot,
    );
    const tally = await q.commentReactionTally(
      db,
      [...roots, ...replies].map((c) => c.id),
      viewer.userId,
    );
    const show = (c: q.CommentWithNames) =>
      presentComment(c, post, viewer, {
        counts: tally.counts.get(c.id) ?? {},
        mine: tally.mine.get(c.id) ?? [],
      });
    const last = roots.at(-1);
    return {
      items: roots.map((root) => {
        const own = replies.filter((r) => r.root_id === root.id);
        const shown = own.slice(0, perRoot);
        const lastShown = shown.at(-1);
        return {
          comment: show(root),
          replies: shown.map(show),
          // "View more" continues after the last reply shown (from the start when none is shown).
          repliesCursor: own.length > perRoot && lastShown ? encodeCursor(lastShown.id) : null,
        };
      }),
      nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
    };
  }

  /** More replies of one thread (any comment of it names the thread). */
  async listReplies(actor: Actor, commentId: string, query: { limit?: number; cursor?: string }) {
    const { db, access } = this.deps;
    const comment = await q.findComment(db, commentId);
    if (!comment) throw notFound('comment');
    const { viewer, post } = await access.requirePost(actor, comment.post_id);
    const rootId = comment.root_id ?? comment.id;
    const limit = query.limit ?? 20;
    const rows = await q.listReplies(db, rootId, decodeCursor(query.cursor), limit + 1);
    const items = rows.slice(0, limit);
    const tally = await q.commentReactionTally(
      db,
      items.map((c) => c.id),
      viewer.userId,
    );
    const last = items.at(-1);
    return {
      items: items.map((c) =>
        presentComment(c, post, viewer, {
          counts: tally.counts.get(c.id) ?? {},
          mine: tally.mine.get(c.id) ?? [],
        }),
      ),
      nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
    };
  }

  async getComment(actor: Actor, commentId: string): Promise<CommentDto> {
    const comment = await q.findComment(this.deps.db, commentId);
    if (!comment) throw notFound('comment');
    const { viewer, post } = await this.deps.access.requirePost(actor, comment.post_id);
    return this.present(comment.id, post, viewer);
  }

  async updateComment(actor: Actor, commentId: string, text: string): Promise<CommentDto> {
    requireUserId(actor);
    const { db, clock, access } = this.deps;
    const comment = await q.findComment(db, commentId);
    if (!comment) throw notFound('comment');
    const { viewer, post } = await access.requirePost(actor, comment.post_id);
    deny(canEditComment(viewer, comment), 'Only the author edits a comment.');
    const body = requireText('body', text);
    const now = clock.now();
    const updated = { ...comment, body, body_html: renderMarkdown(body), edited_at: now, updated_at: now };
    await db.transaction().execute(async (tx) => {
      await q.updateComment(tx, comment.id, {
        body,
        body_html: updated.body_html,
        edited_at: now,
        updated_at: now,
      });
      await this.deps.search.index(tx, commentDocument(updated, post));
    });
    return this.present(comment.id, post, viewer);
  }

  /** Soft delete by the author or a moderator (the thread keeps its place); audited. */
  async deleteComment(actor: Actor, commentId: string, reason: string | undefined): Promise<void> {
    const userId = requireUserId(actor);
    const { db, clock, access } = this.deps;
    const comment = await q.findComment(db, commentId);
    if (!comment) throw notFound('comment');
    const { viewer, post } = await access.requirePost(actor, comment.post_id);
    deny(canDeleteComment(viewer, comment), 'Only the author or a moderator deletes a comment.');
    const now = clock.now();
    const isAnswer = post.kind === 'question' && comment.root_id === null;
    await db.transaction().execute(async (tx) => {
      const changed = await tx
        .updateTable('post_comments')
        .set({ state: 'deleted', state_reason: reason?.trim() || null, updated_at: now })
        .where('id', '=', comment.id)
        .where('state', '!=', 'deleted')
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) === 0) throw notFound('comment');
      const counts = await q.bumpPostCounters(
        tx,
        post.id,
        { comments: -1, answers: isAnswer ? -1 : 0 },
        null,
      );
      if (counts)
        await q.updatePost(tx, post.id, {
          hot_score: hotScore(counts.reaction_count, counts.comment_count, counts.created_at),
          ...(post.accepted_comment_id === comment.id ? { accepted_comment_id: null } : {}),
        });
      await this.deps.search.remove(tx, 'comment', comment.id);
      await recordAudit(
        tx,
        {
          actorId: userId,
          action: 'discussions.comment.delete',
          subjectType: 'comment',
          subjectId: comment.id,
          data: {
            postId: post.id,
            communityId: post.community_id,
            byAuthor: comment.author_id === userId,
            ...(reason ? { reason } : {}),
          },
          ip: actor.ip,
        },
        now,
      );
    });
  }

  /** Like, an emoji, or `up` (an up-vote: answers are ranked by it); one per member per kind. */
  async setReaction(actor: Actor, commentId: string, kind: string, on: boolean): Promise<ReactionsDto> {
    const userId = requireUserId(actor);
    if (!(COMMENT_REACTIONS as readonly string[]).includes(kind))
      throw invalidField(
        'kind',
        DiscussionErrors.reactionKind,
        `kind must be one of ${COMMENT_REACTIONS.join(', ')}`,
      );
    const { db, clock, outbox, access } = this.deps;
    const comment = await q.findComment(db, commentId);
    if (!comment) throw notFound('comment');
    const { viewer, post } = await access.requirePost(actor, comment.post_id);
    if (comment.state !== 'published') throw notFound('comment');
    deny(canReact(viewer, post), 'You may not react here.');
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      const changed = on
        ? await q.addCommentReaction(tx, comment.id, userId, kind, now)
        : await q.removeCommentReaction(tx, comment.id, userId, kind);
      if (!changed) return;
      const delta = on ? 1 : -1;
      await q.bumpCommentReactions(tx, comment.id, { reactions: delta, upvotes: kind === 'up' ? delta : 0 });
      if (on)
        await notify(this.deps, tx, {
          kind: 'reaction',
          communityId: post.community_id,
          actorId: userId,
          sourceId: `comment:${comment.id}:${kind}:${userId}`,
          at: now,
          postId: post.id,
          commentId: comment.id,
          recipientId: comment.author_id,
          reaction: kind,
        });
    });
    outbox.wake();
    const tally = await q.commentReactionTally(db, [comment.id], userId);
    const fresh = await q.findComment(db, comment.id);
    return {
      reactionCount: fresh?.reaction_count ?? 0,
      reactions: tally.counts.get(comment.id) ?? {},
      myReactions: tally.mine.get(comment.id) ?? [],
    };
  }

  private async present(commentId: string, post: q.PostRow, viewer: Viewer): Promise<CommentDto> {
    const { db } = this.deps;
    const [row, fresh] = await Promise.all([q.findCommentWithNames(db, commentId), q.findPost(db, post.id)]);
    if (!row) throw new AppError(404, 'not_found', 'No such comment.');
    const tally = await q.commentReactionTally(db, [commentId], viewer.userId);
    return presentComment(row, fresh ?? post, viewer, {
      counts: tally.counts.get(commentId) ?? {},
      mine: tally.mine.get(commentId) ?? [],
    });
  }
}
