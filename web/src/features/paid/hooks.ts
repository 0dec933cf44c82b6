import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../api/errors';
import { POLL_MS } from '../payments/hooks';
import * as paid from './api';
import type { PaidQuestion, PaidSettingsInput, QuestionScope } from './types';

export const paidKeys = {
  settings: (communityId: string) => ['paid', 'settings', communityId] as const,
  questions: (communityId: string) => ['paid', 'questions', communityId] as const,
  questionList: (communityId: string, scope: QuestionScope, waitingOnly: boolean) =>
    ['paid', 'questions', communityId, scope, waitingOnly] as const,
  question: (id: string) => ['paid', 'question', id] as const,
  tips: (postId: string) => ['paid', 'tips', postId] as const,
  tipSummary: (postId: string, commentId: string | null) =>
    ['paid', 'tips', postId, commentId ?? ''] as const,
};

/** A refusal (not a member, not signed in) is an answer, not a failure to retry. */
const retryServerErrors = (count: number, error: unknown) =>
  !(isApiError(error) && error.status < 500) && count < 2;

export function usePaidSettings(communityId: string | undefined) {
  return useQuery({
    queryKey: paidKeys.settings(communityId ?? ''),
    queryFn: () => paid.fetchPaidSettings(communityId ?? ''),
    enabled: Boolean(communityId),
    retry: retryServerErrors,
  });
}

export function useSavePaidSettings(communityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PaidSettingsInput) => paid.savePaidSettings(communityId, input),
    onSuccess: (settings) => queryClient.setQueryData(paidKeys.settings(communityId), settings),
  });
}

export function useQuestions(
  communityId: string,
  scope: QuestionScope,
  waitingOnly: boolean,
  enabled = true,
) {
  return useInfiniteQuery({
    queryKey: paidKeys.questionList(communityId, scope, waitingOnly),
    queryFn: ({ pageParam }) => paid.fetchQuestions(communityId, scope, waitingOnly, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: enabled && Boolean(communityId),
  });
}

/** States the server moves on from by itself (a payment confirmed, a refund settled). */
const settling = (state: PaidQuestion['state']) => state === 'unpaid' || state === 'refunding';

/** A question, asked about again while its payment or refund is being settled. */
export function useQuestion(id: string) {
  return useQuery({
    queryKey: paidKeys.question(id),
    queryFn: () => paid.fetchQuestion(id),
    enabled: Boolean(id),
    retry: retryServerErrors,
    refetchInterval: (query) => (query.state.data && settling(query.state.data.state) ? POLL_MS : false),
  });
}

function useQuestionChanged() {
  const queryClient = useQueryClient();
  return (question: PaidQuestion) => {
    queryClient.setQueryData(paidKeys.question(question.id), question);
    return queryClient.invalidateQueries({ queryKey: paidKeys.questions(question.communityId) });
  };
}

export function useAnswerQuestion(id: string) {
  const changed = useQuestionChanged();
  return useMutation({ mutationFn: (body: string) => paid.answerQuestion(id, body), onSuccess: changed });
}

export function useSetQuestionPublic(id: string) {
  const changed = useQuestionChanged();
  return useMutation({
    mutationFn: (isPublic: boolean) => paid.setQuestionPublic(id, isPublic),
    onSuccess: changed,
  });
}

/** Who tipped a post (or one of its comments); kept fresh for a while after a tip is paid. */
export function useTipSummary(postId: string, commentId: string | null = null) {
  return useQuery({
    queryKey: paidKeys.tipSummary(postId, commentId),
    queryFn: () => paid.fetchTipSummary(postId, commentId ?? undefined),
    retry: retryServerErrors,
  });
}
