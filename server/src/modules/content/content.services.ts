import type { ContentDeps } from './content.context.js';
import { CoursesService } from './courses.service.js';
import { DeletionService } from './deletion.service.js';
import { LessonsService } from './lessons.service.js';
import { ProgressService } from './progress.service.js';
import { ReviewService } from './review.service.js';

export interface ContentServices {
  courses: CoursesService;
  lessons: LessonsService;
  progress: ProgressService;
  reviews: ReviewService;
  deletion: DeletionService;
}

export function createContentServices(deps: ContentDeps): ContentServices {
  return {
    courses: new CoursesService(deps),
    lessons: new LessonsService(deps),
    progress: new ProgressService(deps),
    reviews: new ReviewService(deps),
    deletion: new DeletionService(deps),
  };
}

export { PUBLISH_TOPIC, publishHandler } from './content.publishing.js';
export { CourseStructureCache } from './course-structure.js';
export { LessonBodyCache } from './lesson-body-cache.js';
