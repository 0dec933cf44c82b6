import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { discussionKeys } from './hooks';
import type { Comment, CommentThread } from './types';

/** The DOM id of a comment: search and notifications link to `/posts/:id#comment-<id>`. */
export const commentAnchorId = (commentId: string): string => `comment-${commentId}`;

/** The comment a location hash points to (`#comment-<id>`), or null. */
export function commentIdFromHash(hash: string): string | null {
  const match = /^#comment-([A-Za-z0-9_-]{1,64})$/.exec(hash);
  return match?.[1] ?? null;
}

/**
 * Where a linked comment that is not on the loaded pages is shown: inside its thread when the
 * thread is loaded (a reply behind "view more"), otherwise on its own above the threads.
 */
export type LinkedPlacement = { kind: 'loaded' } | { kind: 'thread'; rootId: string } | { kind: 'alone' };

export function placeLinkedComment(
  threads: readonly CommentThread[],
  commentId: string,
  fetched: Pick<Comment, 'id' | 'rootId'> | undefined,
): LinkedPlacement | null {
  for (const thread of threads)
    if (thread.comment.id === commentId || thread.replies.some((reply) => reply.id === commentId))
      return { kind: 'loaded' };
  if (!fetched) return null;
  if (fetched.rootId !== null && threads.some((thread) => thread.comment.id === fetched.rootId))
    return { kind: 'thread', rootId: fetched.rootId };
  return { kind: 'alone' };
}

/** The linked comment itself, fetched only when the loaded pages do not hold it. */
export function useLinkedComment(postId: string, commentId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: [...discussionKeys.comments(postId), 'linked', commentId ?? ''] as const,
    queryFn: () => unwrap(api.GET('/api/comments/{id}', { params: { path: { id: commentId ?? '' } } })),
    enabled: enabled && commentId !== null,
    retry: false,
  });
}
