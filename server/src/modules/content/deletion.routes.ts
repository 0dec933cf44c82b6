import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem.js';
import { IdParams } from './content.schemas.js';
import type { DeletionService } from './deletion.service.js';

const tags = ['content'];
const deleted = { 204: Type.Null(), ...problemResponses };

export function deletionRoutes(deletion: DeletionService) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.delete(
      '/api/courses/:id',
      {
        schema: {
          tags,
          summary: 'Delete a course with its chapters, lessons and members’ progress on them',
          params: IdParams,
          response: deleted,
        },
      },
      async (request, reply) => {
        await deletion.deleteCourse(request.actor, request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.delete(
      '/api/chapters/:id',
      {
        schema: {
          tags,
          summary: 'Delete a chapter with its lessons and members’ progress on them',
          params: IdParams,
          response: deleted,
        },
      },
      async (request, reply) => {
        await deletion.deleteChapter(request.actor, request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.delete(
      '/api/lessons/:id',
      {
        schema: {
          tags,
          summary: 'Delete a lesson with its attachments and members’ progress on it',
          params: IdParams,
          response: deleted,
        },
      },
      async (request, reply) => {
        await deletion.deleteLesson(request.actor, request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
