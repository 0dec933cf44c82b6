import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as studio from './api';
import type { MemberQuery, Move, UpdateLessonInput } from './types';

export const studioKeys = {
  all: ['studio'] as const,
  landing: (idOrSlug: string) => ['studio', 'landing', idOrSlug] as const,
  mine: ['studio', 'mine'] as const,
  plans: (communityId: string) => ['studio', 'plans', communityId] as const,
  members: (communityId: string) => ['studio', 'members', communityId] as const,
  team: (communityId: string) => ['studio', 'members', communityId, 'team'] as const,
  history: (communityId: string, userId: string) => ['studio', 'history', communityId, userId] as const,
  joinRequests: (communityId: string) => ['studio', 'join-requests', communityId] as const,
  invitations: (communityId: string) => ['studio', 'invitations', communityId] as const,
  courses: (communityId: string) => ['studio', 'courses', communityId] as const,
  outline: (courseId: string) => ['studio', 'outline', courseId] as const,
  lesson: (lessonId: string) => ['studio', 'lesson', lessonId] as const,
  reviews: (communityId: string) => ['studio', 'reviews', communityId] as const,
  preview: (source: string) => ['studio', 'preview', source] as const,
};

const nextCursor = (page: { nextCursor: string | null }) => page.nextCursor ?? undefined;

export function useLanding(idOrSlug: string | undefined) {
  return useQuery({
    queryKey: studioKeys.landing(idOrSlug ?? ''),
    queryFn: () => studio.fetchLanding(idOrSlug ?? ''),
    enabled: Boolean(idOrSlug),
  });
}

export function useMarkdownPreview(source: string) {
  return useQuery({
    queryKey: studioKeys.preview(source),
    queryFn: () => studio.previewMarkdown(source),
    enabled: source.trim().length > 0,
    staleTime: Infinity,
    placeholderData: (previous) => previous,
  });
}

// ── plans ────────────────────────────────────────────────────────────────

export function usePlans(communityId: string) {
  return useQuery({ queryKey: studioKeys.plans(communityId), queryFn: () => studio.fetchPlans(communityId) });
}

export function useInvalidate() {
  const queryClient = useQueryClient();
  return (key: readonly unknown[]) => queryClient.invalidateQueries({ queryKey: key });
}

// ── members ──────────────────────────────────────────────────────────────

export type MemberFilters = Omit<MemberQuery, 'limit' | 'cursor'>;

/** Keyed by the signed-in user, so another account on this device never sees a stale list. */
export function useManagedCommunities(userId: string | undefined) {
  return useInfiniteQuery({
    queryKey: [...studioKeys.mine, userId ?? ''],
    queryFn: ({ pageParam }) => studio.fetchManagedCommunities(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
    enabled: Boolean(userId),
  });
}

/** Under the members key, so whatever refreshes the members refreshes the team too. */
export function useTeam(communityId: string) {
  return useQuery({ queryKey: studioKeys.team(communityId), queryFn: () => studio.fetchTeam(communityId) });
}

export function useMembers(communityId: string, filters: MemberFilters) {
  return useInfiniteQuery({
    queryKey: [...studioKeys.members(communityId), filters],
    queryFn: ({ pageParam }) =>
      studio.fetchMembers(communityId, { ...filters, limit: 20, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
  });
}

export function useMemberHistory(communityId: string, userId: string | null) {
  return useInfiniteQuery({
    queryKey: studioKeys.history(communityId, userId ?? ''),
    queryFn: ({ pageParam }) => studio.fetchHistory(communityId, userId ?? '', pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
    enabled: Boolean(userId),
  });
}

export function useJoinRequests(communityId: string) {
  return useInfiniteQuery({
    queryKey: studioKeys.joinRequests(communityId),
    queryFn: ({ pageParam }) => studio.fetchJoinRequests(communityId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
  });
}

export function useInvitations(communityId: string) {
  return useInfiniteQuery({
    queryKey: studioKeys.invitations(communityId),
    queryFn: ({ pageParam }) => studio.fetchInvitations(communityId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
  });
}

export function useReviewQueue(communityId: string) {
  return useInfiniteQuery({
    queryKey: studioKeys.reviews(communityId),
    queryFn: ({ pageParam }) => studio.fetchReviewQueue(communityId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
  });
}

// ── courses ──────────────────────────────────────────────────────────────

export function useCourses(communityId: string) {
  return useInfiniteQuery({
    queryKey: studioKeys.courses(communityId),
    queryFn: ({ pageParam }) => studio.fetchCourses(communityId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
  });
}

export function useOutline(courseId: string) {
  return useQuery({
    queryKey: studioKeys.outline(courseId),
    queryFn: () => studio.fetchOutline(courseId),
    enabled: Boolean(courseId),
  });
}

export function useLesson(lessonId: string) {
  return useQuery({ queryKey: studioKeys.lesson(lessonId), queryFn: () => studio.fetchLesson(lessonId) });
}

export function useUpdateLesson(lessonId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateLessonInput) => studio.updateLesson(lessonId, body),
    onSuccess: (lesson) => {
      queryClient.setQueryData(studioKeys.lesson(lessonId), lesson);
      void queryClient.invalidateQueries({ queryKey: studioKeys.outline(lesson.courseId) });
    },
  });
}

/** Moves a chapter or lesson; the outline is refetched either way, so a refused move snaps back. */
export function useMoveInOutline(courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, id, move }: { kind: 'chapter' | 'lesson'; id: string; move: Move }) =>
      kind === 'chapter' ? studio.moveChapter(id, move) : studio.moveLesson(id, move),
    onSettled: () => queryClient.invalidateQueries({ queryKey: studioKeys.outline(courseId) }),
  });
}

export function useMoveLessonToChapter(courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ lessonId, chapterId }: { lessonId: string; chapterId: string }) =>
      studio.moveLessonToChapter(lessonId, chapterId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: studioKeys.outline(courseId) }),
  });
}

export type DeleteTarget =
  | { kind: 'course'; id: string; title: string; lessonCount: number }
  | { kind: 'chapter'; id: string; courseId: string; title: string; lessonCount: number }
  | { kind: 'lesson'; id: string; courseId: string; title: string };

/**
 * Deletes a course, chapter or lesson and refetches the lists that showed it. The deleted item's
 * own query is only marked stale: refetching it now would flash a 404 before the page moves on.
 */
export function useDeleteContent(communityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (target: DeleteTarget) =>
      target.kind === 'course'
        ? studio.deleteCourse(target.id)
        : target.kind === 'chapter'
          ? studio.deleteChapter(target.id)
          : studio.deleteLesson(target.id),
    onSuccess: (_, target) => {
      const own = target.kind === 'course' ? studioKeys.outline(target.id) : studioKeys.lesson(target.id);
      void queryClient.invalidateQueries({ queryKey: own, refetchType: 'none' });
      void queryClient.invalidateQueries({ queryKey: studioKeys.courses(communityId) });
      void queryClient.invalidateQueries({ queryKey: studioKeys.reviews(communityId) });
      if (target.kind !== 'course')
        void queryClient.invalidateQueries({ queryKey: studioKeys.outline(target.courseId) });
    },
  });
}
