import type { FastifyInstance } from 'fastify';
import type { ContentServices } from './content.services.js';
import { coursesRoutes } from './courses.routes.js';
import { deletionRoutes } from './deletion.routes.js';
import { lessonsRoutes } from './lessons.routes.js';
import { reviewRoutes } from './review.routes.js';

/** Courses, chapters, lessons, progress and the review queue. */
export function contentRoutes(content: ContentServices) {
  return async function register(app: FastifyInstance): Promise<void> {
    await app.register(coursesRoutes(content.courses));
    await app.register(lessonsRoutes(content.lessons, content.progress));
    await app.register(reviewRoutes(content.reviews));
    await app.register(deletionRoutes(content.deletion));
  };
}
