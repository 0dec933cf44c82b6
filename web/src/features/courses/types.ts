import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Outline = Json<paths['/api/courses/{id}']['get']['responses'][200]>;
export type OutlineChapter = Outline['chapters'][number];
export type OutlineLesson = OutlineChapter['lessons'][number];
export type LockReason = NonNullable<OutlineLesson['lock']['reason']>;
export type CourseProgress = Outline['progress'];
export type Lesson = Json<paths['/api/lessons/{id}']['get']['responses'][200]>;
export type Attachment = Lesson['attachments'][number];
export type ProgressInput = NonNullable<
  paths['/api/lessons/{id}/progress']['put']['requestBody']
>['content']['application/json'];
export type ProgressResult = Json<paths['/api/lessons/{id}/progress']['put']['responses'][200]>;
