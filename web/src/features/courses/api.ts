import { api, unwrap } from '../../api/client';
import type { Lesson, Outline, ProgressInput, ProgressResult } from './types';

export async function fetchOutline(courseId: string): Promise<Outline> {
  return unwrap(api.GET('/api/courses/{id}', { params: { path: { id: courseId } } }));
}

/** A lesson; a refusal throws an AccessDenied (403) with the plans to offer or the date it opens. */
export async function fetchLesson(lessonId: string): Promise<Lesson> {
  return unwrap(api.GET('/api/lessons/{id}', { params: { path: { id: lessonId } } }));
}

/** `keepalive` lets the last position reach the server while the page is being left. */
export async function saveProgress(
  lessonId: string,
  input: ProgressInput,
  options: { keepalive?: boolean } = {},
): Promise<ProgressResult> {
  return unwrap(
    api.PUT('/api/lessons/{id}/progress', {
      params: { path: { id: lessonId } },
      body: input,
      ...(options.keepalive ? { keepalive: true } : {}),
    }),
  );
}
