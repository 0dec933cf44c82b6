// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { continueLesson } from './continue-target';
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

describe('continueLesson', () => {
  it("prefers the server's resume lesson", () => {
    const outline = {
      chapters: [{ id: 'c', title: 'c', lessons: [lesson('a'), lesson('b')] }],
      progress: { completedLessonIds: [], percentage: 0, resumeLessonId: 'b' },
    };
    expect(continueLesson(outline)?.id).toBe('b');
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
    expect(continueLesson(outline)?.id).toBe('c');
  });

  it('gives the lesson itself, so the button can name it', () => {
    const outline = {
      chapters: [{ id: 'c', title: 'c', lessons: [lesson('a'), lesson('b', { title: 'Borrowing' })] }],
      progress: { completedLessonIds: [], percentage: 0, resumeLessonId: 'b' },
    };
    expect(continueLesson(outline)?.title).toBe('Borrowing');
  });

  it('falls back to the first open lesson when the resume lesson is not in the outline', () => {
    const outline = {
      chapters: [{ id: 'c', title: 'c', lessons: [lesson('a', { completed: true }), lesson('b')] }],
      progress: { completedLessonIds: ['a'], percentage: 50, resumeLessonId: 'gone' },
    };
    expect(continueLesson(outline)?.id).toBe('b');
  });

  it('is null when nothing is left to open', () => {
    const outline = {
      chapters: [{ id: 'c', title: 'c', lessons: [lesson('a', { completed: true })] }],
      progress: { completedLessonIds: ['a'], percentage: 100, resumeLessonId: null },
    };
    expect(continueLesson(outline)).toBeNull();
  });
});
