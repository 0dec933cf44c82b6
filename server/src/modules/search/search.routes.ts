import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { problemResponses } from '../../http/problem.js';
import { SearchPage, SearchQuery } from './search.schemas.js';
import type { SearchService } from './search.service.js';

export function searchRoutes(search: SearchService) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/api/search',
      {
        schema: {
          tags: ['search'],
          summary: 'Search posts, comments and lessons you may open (Chinese and English), best first',
          querystring: SearchQuery,
          response: { 200: SearchPage, ...problemResponses },
        },
      },
      async (request) => search.search(request.actor, request.query),
    );
  };
}
