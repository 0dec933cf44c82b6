import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as activities from './api';
import type {
  CheckinInput,
  CreateAssignmentInput,
  CreateChallengeInput,
  CreatePollInput,
  Poll,
  ReviewInput,
  SubmitInput,
} from './types';

export const activityKeys = {
  poll: (id: string) => ['activities', 'poll', id] as const,
  polls: (communityId: string, postId?: string) =>
    ['activities', 'polls', communityId, postId ?? ''] as const,
  challenges: (communityId: string) => ['activities', 'challenges', communityId] as const,
  challenge: (id: string) => ['activities', 'challenge', id] as const,
  checkins: (id: string) => ['activities', 'challenge', id, 'checkins'] as const,
  leaderboard: (id: string) => ['activities', 'challenge', id, 'leaderboard'] as const,
  calendar: (communityId: string, userId: string, challengeId?: string) =>
    ['activities', 'calendar', communityId, userId, challengeId ?? ''] as const,
  assignments: (communityId: string) => ['activities', 'assignments', communityId] as const,
  assignment: (id: string) => ['activities', 'assignment', id] as const,
  submissions: (id: string) => ['activities', 'assignment', id, 'submissions'] as const,
};

const nextPage = (last: { nextCursor: string | null }) => last.nextCursor ?? undefined;

// ── polls ────────────────────────────────────────────────────────────────────

export function usePoll(id: string, initial?: Poll) {
  return useQuery({
    queryKey: activityKeys.poll(id),
    queryFn: () => activities.fetchPoll(id),
    initialData: initial,
  });
}

export function usePolls(communityId: string, postId?: string) {
  return useInfiniteQuery({
    queryKey: activityKeys.polls(communityId, postId),
    queryFn: ({ pageParam }) => activities.fetchPolls(communityId, pageParam, postId),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextPage,
  });
}

export function useCreatePoll(communityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreatePollInput) => activities.createPoll(communityId, input),
    onSuccess: (poll) => {
      queryClient.setQueryData(activityKeys.poll(poll.id), poll);
      return queryClient.invalidateQueries({ queryKey: ['activities', 'polls', communityId] });
    },
  });
}

/** Voting, withdrawing and closing all answer with the poll as it now stands. */
export function usePollAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (
      action: { kind: 'vote'; optionIds: string[] } | { kind: 'retract' } | { kind: 'close' },
    ): Promise<Poll> =>
      action.kind === 'vote'
        ? activities.votePoll(id, action.optionIds)
        : action.kind === 'retract'
          ? activities.retractVote(id)
          : activities.closePoll(id),
    onSuccess: (poll) => queryClient.setQueryData(activityKeys.poll(id), poll),
  });
}

// ── challenges ───────────────────────────────────────────────────────────────

export function useChallenges(communityId: string | undefined) {
  return useInfiniteQuery({
    queryKey: activityKeys.challenges(communityId ?? ''),
    queryFn: ({ pageParam }) => activities.fetchChallenges(communityId ?? '', pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextPage,
    enabled: Boolean(communityId),
  });
}

export function useChallenge(id: string | undefined) {
  return useQuery({
    queryKey: activityKeys.challenge(id ?? ''),
    queryFn: () => activities.fetchChallenge(id ?? ''),
    enabled: Boolean(id),
  });
}

export function useCreateChallenge(communityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateChallengeInput) => activities.createChallenge(communityId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: activityKeys.challenges(communityId) }),
  });
}

export function useCheckins(id: string) {
  return useInfiniteQuery({
    queryKey: activityKeys.checkins(id),
    queryFn: ({ pageParam }) => activities.fetchCheckins(id, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextPage,
  });
}

export function useLeaderboard(id: string) {
  return useInfiniteQuery({
    queryKey: activityKeys.leaderboard(id),
    queryFn: ({ pageParam }) => activities.fetchLeaderboard(id, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextPage,
  });
}

/** A member's check-ins per day (the viewer's when `userId` is undefined), optionally of one challenge and range. */
export function useCalendar(
  communityId: string,
  userId: string | undefined,
  options: { challengeId?: string; from?: string; to?: string } = {},
) {
  return useQuery({
    queryKey: [
      ...activityKeys.calendar(communityId, userId ?? 'me', options.challengeId),
      options.from,
      options.to,
    ],
    queryFn: () => activities.fetchCalendar(communityId, { userId, ...options }),
  });
}

/** A check-in changes the streak, the board, the feed and the heat-map: refetch them all. */
export function useCheckIn(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CheckinInput) => activities.checkIn(id, input),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: activityKeys.challenge(id) }),
        queryClient.invalidateQueries({ queryKey: ['activities', 'calendar'] }),
        queryClient.invalidateQueries({ queryKey: ['activities', 'challenges'] }),
      ]),
  });
}

// ── assignments ──────────────────────────────────────────────────────────────

export function useAssignments(communityId: string | undefined) {
  return useInfiniteQuery({
    queryKey: activityKeys.assignments(communityId ?? ''),
    queryFn: ({ pageParam }) => activities.fetchAssignments(communityId ?? '', pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextPage,
    enabled: Boolean(communityId),
  });
}

export function useAssignment(id: string | undefined) {
  return useQuery({
    queryKey: activityKeys.assignment(id ?? ''),
    queryFn: () => activities.fetchAssignment(id ?? ''),
    enabled: Boolean(id),
  });
}

export function useCreateAssignment(communityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateAssignmentInput) => activities.createAssignment(communityId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: activityKeys.assignments(communityId) }),
  });
}

export function useSubmit(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SubmitInput) => activities.submitAssignment(id, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: activityKeys.assignment(id) }),
  });
}

export function useSubmissions(id: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: activityKeys.submissions(id),
    queryFn: ({ pageParam }) => activities.fetchSubmissions(id, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextPage,
    enabled,
  });
}

export function useReview(assignmentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { submissionId: string } & ({ review: ReviewInput } | { featured: boolean })) =>
      'review' in input
        ? activities.reviewSubmission(input.submissionId, input.review)
        : activities.featureSubmission(input.submissionId, input.featured),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: activityKeys.submissions(assignmentId) }),
  });
}
