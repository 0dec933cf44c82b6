import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem.js';
import { lessonJson } from './content.presenter.js';
import {
  AddAttachmentBody,
  AttachmentList,
  AttachmentParams,
  CreateLessonBody,
  IdParams,
  Lesson,
  ProgressBody,
  ProgressResult,
  UpdateLessonBody,
} from './content.schemas.js';
import type { LessonsService } from './lessons.service.js';
import type { ProgressService } from './progress.service.js';

const tags = ['content'];

export function lessonsRoutes(lessons: LessonsService, progress: ProgressService) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/api/chapters/:id/lessons',
      {
        schema: {
          tags,
          summary: 'Add a lesson at the end of a chapter',
          params: IdParams,
          body: CreateLessonBody,
          response: { 201: Lesson, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await lessons.createLesson(request.actor, request.params.id, request.body)),
    );

    app.get(
      '/api/lessons/:id',
      {
        schema: {
          tags,
          summary: 'A lesson, when the viewer may open it (403 says why not)',
          params: IdParams,
          response: { 200: Lesson, ...problemResponses },
        },
      },
      // The answer is bytes (`lessonJson`): the stored body is copied in as it is, so the schema
      // serializer is not run; the schema above documents the same document.
      async (request, reply) =>
        reply
          .type('application/json; charset=utf-8')
          .send(lessonJson(await lessons.getLesson(request.actor, request.params.id))),
    );

    app.patch(
      '/api/lessons/:id',
      {
        schema: {
          tags,
          summary: 'Edit, publish, schedule or move a lesson',
          params: IdParams,
          body: UpdateLessonBody,
          response: { 200: Lesson, ...problemResponses },
        },
      },
      async (request) => lessons.updateLesson(request.actor, request.params.id, request.body),
    );

    app.post(
      '/api/lessons/:id/attachments',
      {
        schema: {
          tags,
          summary: 'Attach an uploaded file to a lesson',
          params: IdParams,
          body: AddAttachmentBody,
          response: { 201: AttachmentList, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await lessons.addAttachment(request.actor, request.params.id, request.body)),
    );

    app.delete(
      '/api/lessons/:id/attachments/:fileId',
      {
        schema: {
          tags,
          summary: 'Detach a file from a lesson',
          params: AttachmentParams,
          response: { 204: Type.Null(), ...problemResponses },
        },
      },
      async (request, reply) => {
        await lessons.removeAttachment(request.actor, request.params.id, request.params.fileId);
        return reply.code(204).send(null);
      },
    );

    app.put(
      '/api/lessons/:id/progress',
      {
        schema: {
          tags,
          summary: 'Record your position in a lesson or complete it (completion is kept)',
          params: IdParams,
          body: ProgressBody,
          response: { 200: ProgressResult, ...problemResponses },
        },
      },
      async (request) => progress.recordProgress(request.actor, request.params.id, request.body),
    );
  };
}
