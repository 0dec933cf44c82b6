import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as discussions from './api';
import type { CreatePostInput, ModerateInput } from './types';

export const discussionKeys = {
  feeds: (communityId: string) => ['discussions', 'feed', communityId] as const,
  feed: (communityId: string, filter: discussions.FeedFilter) =>
    ['discussions', 'feed', communityId, filter.sort, filter.tag ?? '', filter.author ?? ''] as const,
  post: (id: string) => ['discussions', 'post', id] as const,
  comments: (postId: string) => ['discussions', 'comments', postId] as const,
  review: (communityId: string) => ['discussions', 'review', communityId] as const,
};

export function useFeed(communityId: string | undefined, filter: discussions.FeedFilter) {
  return useInfiniteQuery({
    queryKey: discussionKeys.feed(communityId ?? '', filter),
    queryFn: ({ pageParam }) => discussions.fetchFeed(communityId ?? '', filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(communityId),
  });
}

export function usePost(id: string | undefined) {
  return useQuery({
    queryKey: discussionKeys.post(id ?? ''),
    queryFn: () => discussions.fetchPost(id ?? ''),
    enabled: Boolean(id),
    retry: false,
  });
}

export function useComments(postId: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: discussionKeys.comments(postId),
    queryFn: ({ pageParam }) => discussions.fetchComments(postId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function useCreatePost(communityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreatePostInput) => discussions.createPost(communityId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: discussionKeys.feeds(communityId) }),
  });
}

/** After any change to a post: the post itself, its comments and the feeds it appears in. */
export function useRefreshPost(postId: string, communityId?: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: discussionKeys.post(postId) }),
      queryClient.invalidateQueries({ queryKey: discussionKeys.comments(postId) }),
      communityId ? queryClient.invalidateQueries({ queryKey: discussionKeys.feeds(communityId) }) : null,
    ]);
}

export function useModeratePost(postId: string, communityId: string) {
  const refresh = useRefreshPost(postId, communityId);
  return useMutation({
    mutationFn: (input: ModerateInput) => discussions.moderatePost(postId, input),
    onSuccess: refresh,
  });
}

export function useReviewQueue(communityId: string, enabled: boolean) {
  return useQuery({
    queryKey: discussionKeys.review(communityId),
    queryFn: () => discussions.fetchReviewQueue(communityId),
    enabled,
  });
}
