import { api, expectOk, unwrap } from '../../api/client';
import type {
  Comment,
  CommentPage,
  CreatePostInput,
  FeedPage,
  FeedSort,
  ModerateInput,
  Post,
  Reactions,
  ReplyPage,
  ReviewPage,
  RevisionPage,
  UpdatePostInput,
} from './types';

export const FEED_PAGE_SIZE = 20;
export const REPLIES_SHOWN = 3;

export interface FeedFilter {
  sort: FeedSort;
  tag?: string;
  author?: string;
}

export async function fetchFeed(communityId: string, filter: FeedFilter, cursor?: string): Promise<FeedPage> {
  const query = {
    sort: filter.sort,
    limit: FEED_PAGE_SIZE,
    ...(filter.tag ? { tag: filter.tag } : {}),
    ...(filter.author ? { author: filter.author } : {}),
    ...(cursor ? { cursor } : {}),
  };
  return unwrap(api.GET('/api/communities/{id}/posts', { params: { path: { id: communityId }, query } }));
}

export async function createPost(communityId: string, input: CreatePostInput): Promise<Post> {
  return unwrap(
    api.POST('/api/communities/{id}/posts', { params: { path: { id: communityId } }, body: input }),
  );
}

export async function fetchPost(id: string): Promise<Post> {
  return unwrap(api.GET('/api/posts/{id}', { params: { path: { id } } }));
}

export async function updatePost(id: string, input: UpdatePostInput): Promise<Post> {
  return unwrap(api.PATCH('/api/posts/{id}', { params: { path: { id } }, body: input }));
}

export async function deletePost(id: string, reason?: string): Promise<void> {
  return expectOk(
    api.DELETE('/api/posts/{id}', { params: { path: { id }, query: reason ? { reason } : {} } }),
  );
}

export async function moderatePost(id: string, input: ModerateInput): Promise<Post> {
  return unwrap(api.POST('/api/posts/{id}/moderation', { params: { path: { id } }, body: input }));
}

export async function setPostReaction(id: string, kind: string, on: boolean): Promise<Reactions> {
  const params = { params: { path: { id, kind } } };
  return unwrap(
    on
      ? api.PUT('/api/posts/{id}/reactions/{kind}', params)
      : api.DELETE('/api/posts/{id}/reactions/{kind}', params),
  );
}

export async function setCommentReaction(id: string, kind: string, on: boolean): Promise<Reactions> {
  const params = { params: { path: { id, kind } } };
  return unwrap(
    on
      ? api.PUT('/api/comments/{id}/reactions/{kind}', params)
      : api.DELETE('/api/comments/{id}/reactions/{kind}', params),
  );
}

export async function acceptAnswer(postId: string, commentId: string): Promise<Post> {
  return unwrap(
    api.POST('/api/posts/{id}/answers/{commentId}/accept', { params: { path: { id: postId, commentId } } }),
  );
}

export async function fetchComments(postId: string, cursor?: string): Promise<CommentPage> {
  const query = { limit: 20, replies: REPLIES_SHOWN, ...(cursor ? { cursor } : {}) };
  return unwrap(api.GET('/api/posts/{id}/comments', { params: { path: { id: postId }, query } }));
}

export async function fetchReplies(commentId: string, cursor?: string | null): Promise<ReplyPage> {
  const query = { limit: 20, ...(cursor ? { cursor } : {}) };
  return unwrap(api.GET('/api/comments/{id}/replies', { params: { path: { id: commentId }, query } }));
}

/** One key per submit attempt: a double click or a retry of the same text makes one comment. */
export async function createComment(
  postId: string,
  input: { body: string; parentId?: string },
  idempotencyKey: string,
): Promise<Comment> {
  return unwrap(
    api.POST('/api/posts/{id}/comments', {
      params: { path: { id: postId }, header: { 'idempotency-key': idempotencyKey } },
      body: input,
    }),
  );
}

export async function updateComment(id: string, body: string): Promise<Comment> {
  return unwrap(api.PATCH('/api/comments/{id}', { params: { path: { id } }, body: { body } }));
}

export async function deleteComment(id: string, reason?: string): Promise<void> {
  return expectOk(
    api.DELETE('/api/comments/{id}', { params: { path: { id }, query: reason ? { reason } : {} } }),
  );
}

export async function fetchReviewQueue(communityId: string): Promise<ReviewPage> {
  return unwrap(
    api.GET('/api/communities/{id}/posts/review', {
      params: { path: { id: communityId }, query: { limit: 50 } },
    }),
  );
}

export async function approvePost(id: string): Promise<Post> {
  return unwrap(api.POST('/api/posts/{id}/approve', { params: { path: { id } } }));
}

export async function rejectPost(id: string, reason: string): Promise<Post> {
  return unwrap(api.POST('/api/posts/{id}/reject', { params: { path: { id } }, body: { reason } }));
}

export async function fetchRevisions(postId: string): Promise<RevisionPage> {
  return unwrap(
    api.GET('/api/posts/{id}/revisions', { params: { path: { id: postId }, query: { limit: 50 } } }),
  );
}
