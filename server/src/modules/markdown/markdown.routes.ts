import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem.js';
import type { Actor } from '../../platform/actor.js';
import { unauthenticated } from '../../platform/errors.js';
import { renderMarkdown } from '../../platform/markdown.js';

const PreviewBody = Type.Object(
  { source: Type.String({ maxLength: 200_000 }) },
  { additionalProperties: false },
);
const PreviewResponse = Type.Object({ html: Type.String() });

/** Editors' live preview, rendered by the same code and sanitiser that stores the real thing. */
export function previewMarkdown(actor: Actor, source: string): string {
  if (actor.kind !== 'user') throw unauthenticated();
  return renderMarkdown(source);
}

export function markdownRoutes() {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/api/markdown/preview',
      {
        schema: {
          tags: ['content'],
          summary: 'Render markdown as it will be shown (for editors)',
          body: PreviewBody,
          response: { 200: PreviewResponse, ...problemResponses },
        },
      },
      async (request) => ({ html: previewMarkdown(request.actor, request.body.source) }),
    );
  };
}
