import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem.js';
import { PageQuery } from '../../platform/pagination.js';
import type { OperatorService } from './operator.service.js';

const MailPage = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      to: Type.String(),
      subject: Type.String(),
      text: Type.String(),
      transport: Type.Union([Type.Literal('log'), Type.Literal('smtp')]),
      createdAt: Type.Integer(),
    }),
  ),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

/** The operator's view of mail the site sent (the whole message when no SMTP server is set). */
export function operatorRoutes(operator: OperatorService) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/api/admin/mail',
      {
        schema: {
          tags: ['operator'],
          summary: 'Mail sent by the site, newest first',
          querystring: PageQuery,
          response: { 200: MailPage, ...problemResponses },
        },
      },
      async (request) => {
        const page = await operator.listSentMail(request.actor, request.query);
        return {
          items: page.items.map((m) => ({
            id: m.id,
            to: m.to_address,
            subject: m.subject,
            text: m.text_body,
            transport: m.transport,
            createdAt: m.created_at,
          })),
          nextCursor: page.nextCursor,
        };
      },
    );
  };
}
