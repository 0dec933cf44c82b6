import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { problemResponses } from '../../http/problem.js';
import { IdempotencyHeaders, IdParams } from './discussions.schemas.js';
import {
  AnswerBody,
  AskBody,
  AskResult,
  PaidQuestion,
  PaidQuestionPage,
  PaidQuestionsQuery,
  PaidSettings,
  PaidSettingsBody,
  QuestionVisibilityBody,
  TipBody,
  TipResult,
  TipSummary,
  TipsQuery,
} from './paid.schemas.js';
import type { PaidQuestionsService } from './paid-questions.service.js';
import type { PaidSettingsService } from './paid-settings.service.js';
import type { TipsService } from './tips.service.js';

const tags = ['paid questions and tips'];

export interface PaidServices {
  settings: PaidSettingsService;
  questions: PaidQuestionsService;
  tips: TipsService;
}

export function paidRoutes({ settings, questions, tips }: PaidServices) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/communities/:id/paid-settings',
      {
        schema: {
          tags,
          summary: 'The price of a paid question, its answer time, and whether tips are on',
          params: IdParams,
          response: { 200: PaidSettings, ...problemResponses },
        },
      },
      async (request) => settings.get(request.actor, request.params.id),
    );

    app.put(
      '/api/communities/:id/paid-settings',
      {
        schema: {
          tags,
          summary: 'Set the price of paid questions, the days to answer, tips on or off (owner; audited)',
          params: IdParams,
          body: PaidSettingsBody,
          response: { 200: PaidSettings, ...problemResponses },
        },
      },
      async (request) => settings.update(request.actor, request.params.id, request.body),
    );

    app.post(
      '/api/communities/:id/paid-questions',
      {
        schema: {
          tags,
          summary: 'Ask the owner a paid question; the answer says how to pay (honours Idempotency-Key)',
          params: IdParams,
          headers: IdempotencyHeaders,
          body: AskBody,
          response: { 200: AskResult, 201: AskResult, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { created, ...result } = await questions.ask(
          request.actor,
          request.params.id,
          request.body,
          request.headers['idempotency-key'],
        );
        return reply.code(created ? 201 : 200).send(result);
      },
    );

    app.get(
      '/api/communities/:id/paid-questions',
      {
        schema: {
          tags,
          summary: 'Public answers (members), your questions, or the owner’s inbox; keyset-paged',
          params: IdParams,
          querystring: PaidQuestionsQuery,
          response: { 200: PaidQuestionPage, ...problemResponses },
        },
      },
      async (request) => questions.list(request.actor, request.params.id, request.query),
    );

    app.get(
      '/api/paid-questions/:id',
      {
        schema: {
          tags,
          summary: 'A paid question (its asker, the owner, or members once answered and public)',
          params: IdParams,
          response: { 200: PaidQuestion, ...problemResponses },
        },
      },
      async (request) => questions.get(request.actor, request.params.id),
    );

    app.post(
      '/api/paid-questions/:id/answer',
      {
        schema: {
          tags,
          summary: 'Answer a paid question while it is open (owner; audited)',
          params: IdParams,
          body: AnswerBody,
          response: { 200: PaidQuestion, ...problemResponses },
        },
      },
      async (request) => questions.answer(request.actor, request.params.id, request.body.body),
    );

    app.patch(
      '/api/paid-questions/:id',
      {
        schema: {
          tags,
          summary: 'Let the community read the question and its answer, or not (asker)',
          params: IdParams,
          body: QuestionVisibilityBody,
          response: { 200: PaidQuestion, ...problemResponses },
        },
      },
      async (request) => questions.setPublic(request.actor, request.params.id, request.body.public),
    );

    app.post(
      '/api/posts/:id/tips',
      {
        schema: {
          tags,
          summary:
            'Tip a post, or one of its answers or comments; the answer says how to pay (honours Idempotency-Key)',
          params: IdParams,
          headers: IdempotencyHeaders,
          body: TipBody,
          response: { 200: TipResult, 201: TipResult, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { created, ...result } = await tips.tip(
          request.actor,
          request.params.id,
          request.body,
          request.headers['idempotency-key'],
        );
        return reply.code(created ? 201 : 200).send(result);
      },
    );

    app.get(
      '/api/posts/:id/tips',
      {
        schema: {
          tags,
          summary: 'Who tipped a post or one of its comments (the total for the author and the owner)',
          params: IdParams,
          querystring: TipsQuery,
          response: { 200: TipSummary, ...problemResponses },
        },
      },
      async (request) => tips.summary(request.actor, request.params.id, request.query.commentId ?? null),
    );
  };
}
