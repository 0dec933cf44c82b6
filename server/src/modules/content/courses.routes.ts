import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { problemResponses } from '../../http/problem.js';
import {
  Chapter,
  Course,
  CoursePage,
  CoursePageQuery,
  CreateChapterBody,
  CreateCourseBody,
  IdParams,
  Outline,
  UpdateChapterBody,
  UpdateCourseBody,
} from './content.schemas.js';
import type { CoursesService } from './courses.service.js';

const tags = ['content'];

export function coursesRoutes(courses: CoursesService) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/api/communities/:id/courses',
      {
        schema: {
          tags,
          summary: "Create a course (a contributor's publish request goes to review)",
          params: IdParams,
          body: CreateCourseBody,
          response: { 201: Course, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await courses.createCourse(request.actor, request.params.id, request.body)),
    );

    app.get(
      '/api/communities/:id/courses',
      {
        schema: {
          tags,
          summary: "A community's courses in order (drafts only for its team)",
          params: IdParams,
          querystring: CoursePageQuery,
          response: { 200: CoursePage, ...problemResponses },
        },
      },
      async (request) => courses.listCourses(request.actor, request.params.id, request.query),
    );

    app.get(
      '/api/courses/:id',
      {
        schema: {
          tags,
          summary: "A course's outline with the viewer's lock on each lesson and their progress",
          params: IdParams,
          response: { 200: Outline, ...problemResponses },
        },
      },
      async (request) => courses.getOutline(request.actor, request.params.id),
    );

    app.patch(
      '/api/courses/:id',
      {
        schema: {
          tags,
          summary: 'Edit, publish, schedule, archive or move a course',
          params: IdParams,
          body: UpdateCourseBody,
          response: { 200: Course, ...problemResponses },
        },
      },
      async (request) => courses.updateCourse(request.actor, request.params.id, request.body),
    );

    app.post(
      '/api/courses/:id/chapters',
      {
        schema: {
          tags,
          summary: 'Add a chapter at the end of a course',
          params: IdParams,
          body: CreateChapterBody,
          response: { 201: Chapter, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await courses.createChapter(request.actor, request.params.id, request.body)),
    );

    app.patch(
      '/api/chapters/:id',
      {
        schema: {
          tags,
          summary: 'Rename or move a chapter',
          params: IdParams,
          body: UpdateChapterBody,
          response: { 200: Chapter, ...problemResponses },
        },
      },
      async (request) => courses.updateChapter(request.actor, request.params.id, request.body),
    );
  };
}
