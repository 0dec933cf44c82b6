// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { continueLessonId } from './continue-target';
import type { OutlineLesson } from './types';

const lesson = (id: string, over: Partial<OutlineLesson> = {}): OutlineLesson => ({
  id,
  title: id,
  freePreview: false,
  estimatedMinutes: null,
  status: 'published',
  completed: false,
  lock: { locked: false },
  ...over,
});

describe('continueLessonId', () => {
  it("prefers the server's resume lesson", () => {
    const outline = {
      chapters: [{ id: 'c', title: 'c', lessons: [lesson('a'), lesson('b')] }],
      progress: { completedLessonIds: [], percentage: 0, resumeLessonId: 'b' },
    };
    expect(continueLessonId(outline)).toBe('b');
  });

  it('else the first open lesson not yet completed, skipping locked ones', () => {
    const outline = {
      chapters: [
        { id: 'c1', title: 'c1', lessons: [lesson('a', { completed: true })] },
        {
          id: 'c2',
          title: 'c2',
          lessons: [lesson('b', { lock: { locked: true, reason: 'join_required' } }), lesson('c')],
        },
      ],
      progress: { completedLessonIds: ['a'], percentage: 33, resumeLessonId: null },
    };
    expect(continueLessonId(outline)).toBe('c');
  });

  it('is null when nothing is left to open', () => {
    const outline = {
      chapters: [{ id: 'c', title: 'c', lessons: [lesson('a', { completed: true })] }],
      progress: { completedLessonIds: ['a'], percentage: 100, resumeLessonId: null },
    };
    expect(continueLessonId(outline)).toBeNull();
  });
});
