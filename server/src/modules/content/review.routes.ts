import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { problemResponses } from '../../http/problem.js';
import { PageQuery } from '../../platform/pagination.js';
import { IdParams, RejectBody, Review, ReviewPage } from './content.schemas.js';
import type { ReviewService } from './review.service.js';

const tags = ['content'];

export function reviewRoutes(reviews: ReviewService) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/communities/:id/review-queue',
      {
        schema: {
          tags,
          summary: 'Submissions waiting for review, oldest first',
          params: IdParams,
          querystring: PageQuery,
          response: { 200: ReviewPage, ...problemResponses },
        },
      },
      async (request) => reviews.listQueue(request.actor, request.params.id, request.query),
    );

    app.post(
      '/api/reviews/:id/approve',
      {
        schema: {
          tags,
          summary: 'Approve a submission: published, or scheduled as requested',
          params: IdParams,
          response: { 200: Review, ...problemResponses },
        },
      },
      async (request) => reviews.approve(request.actor, request.params.id),
    );

    app.post(
      '/api/reviews/:id/reject',
      {
        schema: {
          tags,
          summary: 'Reject a submission with a reason (back to draft)',
          params: IdParams,
          body: RejectBody,
          response: { 200: Review, ...problemResponses },
        },
      },
      async (request) => reviews.reject(request.actor, request.params.id, request.body.reason),
    );
  };
}
