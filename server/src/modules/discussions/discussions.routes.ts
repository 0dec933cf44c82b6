import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem.js';
import { PageQuery } from '../../platform/pagination.js';
import type { CommentsService } from './comments.service.js';
import {
  AcceptParams,
  Comment,
  CommentPage,
  CommentsQuery,
  CreateCommentBody,
  CreatePostBody,
  DiscussionSettings,
  DiscussionSettingsBody,
  FeedPage,
  FeedQuery,
  IdempotencyHeaders,
  IdParams,
  ModeratePostBody,
  Post,
  PostPage,
  ReactionParams,
  Reactions,
  ReasonBody,
  RepliesQuery,
  ReplyPage,
  RequiredReasonBody,
  RevisionPage,
  UpdateCommentBody,
  UpdatePostBody,
} from './discussions.schemas.js';
import type { PostsService } from './posts.service.js';

const tags = ['discussions'];
const NoContent = Type.Null();

export interface DiscussionsServices {
  posts: PostsService;
  comments: CommentsService;
}

export function discussionsRoutes({ posts, comments }: DiscussionsServices) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/api/communities/:id/posts',
      {
        schema: {
          tags,
          summary: 'Write a post or a question (to the review queue when the community asks for it)',
          params: IdParams,
          body: CreatePostBody,
          response: { 201: Post, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await posts.createPost(request.actor, request.params.id, request.body)),
    );

    app.get(
      '/api/communities/:id/posts',
      {
        schema: {
          tags,
          summary: 'A community feed: latest, featured, hot or unanswered; by tag or author; keyset-paged',
          params: IdParams,
          querystring: FeedQuery,
          response: { 200: FeedPage, ...problemResponses },
        },
      },
      async (request) => posts.listFeed(request.actor, request.params.id, request.query),
    );

    app.get(
      '/api/communities/:id/posts/review',
      {
        schema: {
          tags,
          summary: 'Posts waiting for review, oldest first (staff)',
          params: IdParams,
          querystring: PageQuery,
          response: { 200: PostPage, ...problemResponses },
        },
      },
      async (request) => posts.listReviewQueue(request.actor, request.params.id, request.query),
    );

    app.get(
      '/api/communities/:id/discussion-settings',
      {
        schema: {
          tags,
          summary: 'Review settings for posts (staff)',
          params: IdParams,
          response: { 200: DiscussionSettings, ...problemResponses },
        },
      },
      async (request) => posts.getSettings(request.actor, request.params.id),
    );

    app.put(
      '/api/communities/:id/discussion-settings',
      {
        schema: {
          tags,
          summary: 'Change the review settings for posts (owner)',
          params: IdParams,
          body: DiscussionSettingsBody,
          response: { 200: DiscussionSettings, ...problemResponses },
        },
      },
      async (request) => posts.updateSettings(request.actor, request.params.id, request.body),
    );

    app.get(
      '/api/posts/:id',
      {
        schema: {
          tags,
          summary: 'One post (members; 403 join_required with plans for others)',
          params: IdParams,
          response: { 200: Post, ...problemResponses },
        },
      },
      async (request) => posts.getPost(request.actor, request.params.id),
    );

    app.patch(
      '/api/posts/:id',
      {
        schema: {
          tags,
          summary: 'Edit a post (the earlier version is kept)',
          params: IdParams,
          body: UpdatePostBody,
          response: { 200: Post, ...problemResponses },
        },
      },
      async (request) => posts.updatePost(request.actor, request.params.id, request.body),
    );

    app.delete(
      '/api/posts/:id',
      {
        schema: {
          tags,
          summary: 'Delete a post (author or moderator; optional reason)',
          params: IdParams,
          querystring: ReasonBody,
          response: { 204: NoContent, ...problemResponses },
        },
      },
      async (request, reply) => {
        await posts.deletePost(request.actor, request.params.id, request.query.reason);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/posts/:id/revisions',
      {
        schema: {
          tags,
          summary: 'Earlier versions of a post, newest first (author, moderators)',
          params: IdParams,
          querystring: PageQuery,
          response: { 200: RevisionPage, ...problemResponses },
        },
      },
      async (request) => posts.listRevisions(request.actor, request.params.id, request.query),
    );

    app.post(
      '/api/posts/:id/moderation',
      {
        schema: {
          tags,
          summary: 'Pin (owner), feature as 精华 or lock comments (owner, moderators)',
          params: IdParams,
          body: ModeratePostBody,
          response: { 200: Post, ...problemResponses },
        },
      },
      async (request) => posts.moderatePost(request.actor, request.params.id, request.body),
    );

    app.post(
      '/api/posts/:id/approve',
      {
        schema: {
          tags,
          summary: 'Publish a post waiting for review (staff)',
          params: IdParams,
          response: { 200: Post, ...problemResponses },
        },
      },
      async (request) => posts.approvePost(request.actor, request.params.id),
    );

    app.post(
      '/api/posts/:id/reject',
      {
        schema: {
          tags,
          summary: 'Reject a post waiting for review, with a reason (staff)',
          params: IdParams,
          body: RequiredReasonBody,
          response: { 200: Post, ...problemResponses },
        },
      },
      async (request) => posts.rejectPost(request.actor, request.params.id, request.body.reason),
    );

    for (const method of ['PUT', 'DELETE'] as const)
      app.route({
        method,
        url: '/api/posts/:id/reactions/:kind',
        schema: {
          tags,
          summary:
            method === 'PUT' ? 'React to a post (like, love, haha, wow, thanks)' : 'Take a reaction back',
          params: ReactionParams,
          response: { 200: Reactions, ...problemResponses },
        },
        handler: async (request) =>
          posts.setReaction(request.actor, request.params.id, request.params.kind, method === 'PUT'),
      });

    app.post(
      '/api/posts/:id/answers/:commentId/accept',
      {
        schema: {
          tags,
          summary: 'Accept an answer to a question (the asker or a moderator)',
          params: AcceptParams,
          response: { 200: Post, ...problemResponses },
        },
      },
      async (request) => posts.acceptAnswer(request.actor, request.params.id, request.params.commentId),
    );

    app.post(
      '/api/posts/:id/comments',
      {
        schema: {
          tags,
          summary: 'Comment, answer, or reply to a comment (parentId); honours Idempotency-Key',
          params: IdParams,
          headers: IdempotencyHeaders,
          body: CreateCommentBody,
          response: { 200: Comment, 201: Comment, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { comment, created } = await comments.createComment(
          request.actor,
          request.params.id,
          request.body,
          request.headers['idempotency-key'],
        );
        return reply.code(created ? 201 : 200).send(comment);
      },
    );

    app.get(
      '/api/posts/:id/comments',
      {
        schema: {
          tags,
          summary: 'Top-level comments with their first replies; keyset-paged',
          params: IdParams,
          querystring: CommentsQuery,
          response: { 200: CommentPage, ...problemResponses },
        },
      },
      async (request) => comments.listComments(request.actor, request.params.id, request.query),
    );

    app.get(
      '/api/comments/:id',
      {
        schema: {
          tags,
          summary: 'One comment',
          params: IdParams,
          response: { 200: Comment, ...problemResponses },
        },
      },
      async (request) => comments.getComment(request.actor, request.params.id),
    );

    app.get(
      '/api/comments/:id/replies',
      {
        schema: {
          tags,
          summary: 'More replies of the thread a comment belongs to ("view more")',
          params: IdParams,
          querystring: RepliesQuery,
          response: { 200: ReplyPage, ...problemResponses },
        },
      },
      async (request) => comments.listReplies(request.actor, request.params.id, request.query),
    );

    app.patch(
      '/api/comments/:id',
      {
        schema: {
          tags,
          summary: 'Edit your comment',
          params: IdParams,
          body: UpdateCommentBody,
          response: { 200: Comment, ...problemResponses },
        },
      },
      async (request) => comments.updateComment(request.actor, request.params.id, request.body.body),
    );

    app.delete(
      '/api/comments/:id',
      {
        schema: {
          tags,
          summary: 'Delete a comment (author or moderator; optional reason)',
          params: IdParams,
          querystring: ReasonBody,
          response: { 204: NoContent, ...problemResponses },
        },
      },
      async (request, reply) => {
        await comments.deleteComment(request.actor, request.params.id, request.query.reason);
        return reply.code(204).send(null);
      },
    );

    for (const method of ['PUT', 'DELETE'] as const)
      app.route({
        method,
        url: '/api/comments/:id/reactions/:kind',
        schema: {
          tags,
          summary:
            method === 'PUT'
              ? 'React to a comment (a reaction, or `up` to up-vote an answer)'
              : 'Take a reaction back',
          params: ReactionParams,
          response: { 200: Reactions, ...problemResponses },
        },
        handler: async (request) =>
          comments.setReaction(request.actor, request.params.id, request.params.kind, method === 'PUT'),
      });
  };
}
