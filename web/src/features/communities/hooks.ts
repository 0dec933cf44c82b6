import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as communities from './api';
import type { JoinInput } from './types';

export const communityKeys = {
  discover: (q: string) => ['communities', 'discover', q] as const,
  landing: (idOrSlug: string) => ['communities', 'landing', idOrSlug] as const,
  courses: (communityId: string) => ['communities', communityId, 'courses'] as const,
  members: (communityId: string) => ['communities', communityId, 'members'] as const,
  mine: ['me', 'memberships'] as const,
};

export function useDiscover(q: string) {
  return useInfiniteQuery({
    queryKey: communityKeys.discover(q),
    queryFn: ({ pageParam }) => communities.fetchCommunities(q, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useCommunity(idOrSlug: string | undefined) {
  return useQuery({
    queryKey: communityKeys.landing(idOrSlug ?? ''),
    queryFn: () => communities.fetchCommunity(idOrSlug ?? ''),
    enabled: Boolean(idOrSlug),
  });
}

export function useCourses(communityId: string | undefined) {
  return useQuery({
    queryKey: communityKeys.courses(communityId ?? ''),
    queryFn: () => communities.fetchCourses(communityId ?? ''),
    enabled: Boolean(communityId),
  });
}

export function useMembers(communityId: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: communityKeys.members(communityId),
    queryFn: ({ pageParam }) => communities.fetchMembers(communityId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function useMyMemberships(enabled: boolean) {
  return useQuery({ queryKey: communityKeys.mine, queryFn: communities.fetchMyMemberships, enabled });
}

/** Joining changes what the viewer may open everywhere: refetch communities, courses and lessons. */
export function useJoin(communityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: JoinInput) => communities.joinCommunity(communityId, input),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['communities'] }),
        queryClient.invalidateQueries({ queryKey: communityKeys.mine }),
        queryClient.invalidateQueries({ queryKey: ['courses'] }),
        queryClient.invalidateQueries({ queryKey: ['lessons'] }),
      ]),
  });
}
