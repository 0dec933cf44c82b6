import { api, unwrap } from '../../api/client';
import type {
  AskInput,
  AskResult,
  PaidQuestion,
  PaidQuestionPage,
  PaidSettings,
  PaidSettingsInput,
  QuestionScope,
  TipInput,
  TipResult,
  TipSummary,
} from './types';

export const QUESTIONS_PAGE_SIZE = 20;

const path = (id: string) => ({ params: { path: { id } } });

export const fetchPaidSettings = (communityId: string): Promise<PaidSettings> =>
  unwrap(api.GET('/api/communities/{id}/paid-settings', path(communityId)));

export const savePaidSettings = (communityId: string, body: PaidSettingsInput): Promise<PaidSettings> =>
  unwrap(api.PUT('/api/communities/{id}/paid-settings', { ...path(communityId), body }));

/** The same key for the same attempt: a repeated click answers with the first question and order. */
export const askQuestion = (
  communityId: string,
  body: AskInput,
  idempotencyKey: string,
): Promise<AskResult> =>
  unwrap(
    api.POST('/api/communities/{id}/paid-questions', {
      params: { path: { id: communityId }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );

export const fetchQuestions = (
  communityId: string,
  scope: QuestionScope,
  waitingOnly: boolean,
  cursor?: string,
): Promise<PaidQuestionPage> =>
  unwrap(
    api.GET('/api/communities/{id}/paid-questions', {
      params: {
        path: { id: communityId },
        query: {
          scope,
          limit: QUESTIONS_PAGE_SIZE,
          ...(scope === 'inbox' && waitingOnly ? { state: 'open' as const } : {}),
          ...(cursor ? { cursor } : {}),
        },
      },
    }),
  );

export const fetchQuestion = (id: string): Promise<PaidQuestion> =>
  unwrap(api.GET('/api/paid-questions/{id}', path(id)));

export const answerQuestion = (id: string, body: string): Promise<PaidQuestion> =>
  unwrap(api.POST('/api/paid-questions/{id}/answer', { ...path(id), body: { body } }));

export const setQuestionPublic = (id: string, isPublic: boolean): Promise<PaidQuestion> =>
  unwrap(api.PATCH('/api/paid-questions/{id}', { ...path(id), body: { public: isPublic } }));

export const tipPost = (postId: string, body: TipInput, idempotencyKey: string): Promise<TipResult> =>
  unwrap(
    api.POST('/api/posts/{id}/tips', {
      params: { path: { id: postId }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );

export const fetchTipSummary = (postId: string, commentId?: string): Promise<TipSummary> =>
  unwrap(
    api.GET('/api/posts/{id}/tips', {
      params: { path: { id: postId }, query: commentId ? { commentId } : {} },
    }),
  );
