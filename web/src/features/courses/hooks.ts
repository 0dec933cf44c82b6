import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as courses from './api';
import type { Lesson, Outline, ProgressResult } from './types';

export const courseKeys = {
  outline: (courseId: string) => ['courses', courseId, 'outline'] as const,
  lesson: (lessonId: string) => ['lessons', lessonId] as const,
};

export function useOutline(courseId: string | undefined) {
  return useQuery({
    queryKey: courseKeys.outline(courseId ?? ''),
    queryFn: () => courses.fetchOutline(courseId ?? ''),
    enabled: Boolean(courseId),
  });
}

export function useLesson(lessonId: string | undefined) {
  return useQuery({
    queryKey: courseKeys.lesson(lessonId ?? ''),
    queryFn: () => courses.fetchLesson(lessonId ?? ''),
    enabled: Boolean(lessonId),
  });
}

/** Keeps the cached lesson and its course outline in step with a recorded progress. */
function useApplyProgress(lesson: Lesson) {
  const queryClient = useQueryClient();
  return (result: ProgressResult) => {
    queryClient.setQueryData<Lesson>(courseKeys.lesson(lesson.id), (old) =>
      old
        ? {
            ...old,
            progress: {
              startedAt: old.progress?.startedAt ?? Date.now(),
              positionSeconds: result.positionSeconds,
              completed: result.completed,
              completedAt: result.completedAt,
            },
          }
        : old,
    );
    queryClient.setQueryData<Outline>(courseKeys.outline(lesson.courseId), (old) =>
      old ? { ...old, progress: { ...old.progress, percentage: result.coursePercentage } } : old,
    );
    if (result.completed) {
      void queryClient.invalidateQueries({ queryKey: courseKeys.outline(lesson.courseId) });
      // The community's course list carries the viewer's progress too.
      void queryClient.invalidateQueries({ queryKey: ['communities', lesson.communityId, 'courses'] });
    }
  };
}

export function useCompleteLesson(lesson: Lesson) {
  const apply = useApplyProgress(lesson);
  return useMutation({
    mutationFn: () => courses.saveProgress(lesson.id, { completed: true }),
    onSuccess: apply,
  });
}

/** Position reports from the player: fire and forget, never an error on screen. */
export function reportPosition(lessonId: string, positionSeconds: number, keepalive = false): void {
  courses.saveProgress(lessonId, { positionSeconds }, { keepalive }).catch(() => undefined);
}
