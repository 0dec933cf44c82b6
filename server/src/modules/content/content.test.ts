import { describe, expect, it } from 'vitest';
import type { ContentStatus } from '../../db/schema.js';
import type { Viewer } from '../access/access.rules.js';
import {
  approvedStatus,
  canCreateCourse,
  canEditItem,
  canExtendCourse,
  canReview,
  publishRoute,
  resolveStatusChange,
} from './content.policy.js';
import { keyForMove } from './ordering.js';
import { coursePercentage, resumeLesson } from './progress.rules.js';

const NOW = 1_000_000;
type Role = 'visitor' | 'user' | 'member' | 'contributor' | 'moderator' | 'owner' | 'operator';

function viewerOf(role: Role, userId = 'me'): Viewer {
  return {
    userId: role === 'visitor' ? null : userId,
    isOperator: role === 'operator',
    communityId: 'c',
    staffRole: role === 'contributor' || role === 'moderator' || role === 'owner' ? role : null,
    membership: role === 'member' ? { state: 'active', planId: 'p', startsAt: 0, endsAt: null } : null,
    now: NOW,
  };
}

const ROLES: Role[] = ['visitor', 'user', 'member', 'contributor', 'moderator', 'owner', 'operator'];
const mine = (status: ContentStatus) => ({ author_id: 'me', status });
const theirs = (status: ContentStatus) => ({ author_id: 'someone-else', status });

// Every role × every question, written out: a change of policy must change this table.
const EXPECTED: Record<string, Record<Role, boolean | string | null>> = {
  createCourse: {
    visitor: false,
    user: false,
    member: false,
    contributor: true,
    moderator: true,
    owner: true,
    operator: true,
  },
  extendOwnCourse: {
    visitor: false,
    user: false,
    member: false,
    contributor: true,
    moderator: true,
    owner: true,
    operator: true,
  },
  extendOthersCourse: {
    visitor: false,
    user: false,
    member: false,
    contributor: false,
    moderator: true,
    owner: true,
    operator: true,
  },
  editOwnDraft: {
    visitor: false,
    user: false,
    member: false,
    contributor: true,
    moderator: true,
    owner: true,
    operator: true,
  },
  editOwnInReview: {
    visitor: false,
    user: false,
    member: false,
    contributor: true,
    moderator: true,
    owner: true,
    operator: true,
  },
  editOwnPublished: {
    visitor: false,
    user: false,
    member: false,
    contributor: false,
    moderator: true,
    owner: true,
    operator: true,
  },
  editOthersDraft: {
    visitor: false,
    user: false,
    member: false,
    contributor: false,
    moderator: true,
    owner: true,
    operator: true,
  },
  review: {
    visitor: false,
    user: false,
    member: false,
    contributor: false,
    moderator: true,
    owner: true,
    operator: true,
  },
  publishRoute: {
    visitor: null,
    user: null,
    member: null,
    contributor: 'review',
    moderator: 'direct',
    owner: 'direct',
    operator: 'direct',
  },
};

const ASK: Record<keyof typeof EXPECTED, (v: Viewer) => boolean | string | null> = {
  createCourse: (v) => canCreateCourse(v),
  extendOwnCourse: (v) => canExtendCourse(v, { author_id: 'me' }),
  extendOthersCourse: (v) => canExtendCourse(v, { author_id: 'someone-else' }),
  editOwnDraft: (v) => canEditItem(v, mine('draft')),
  editOwnInReview: (v) => canEditItem(v, mine('in_review')),
  editOwnPublished: (v) => canEditItem(v, mine('published')),
  editOthersDraft: (v) => canEditItem(v, theirs('draft')),
  review: (v) => canReview(v),
  publishRoute: (v) => publishRoute(v),
};

describe('content policy, every role', () => {
  const cells = Object.entries(EXPECTED).flatMap(([question, byRole]) =>
    ROLES.map((role) => ({ question, role, expected: byRole[role] })),
  );
  it.each(cells)('$question as $role → $expected', ({ question, role, expected }) => {
    expect(ASK[question]?.(viewerOf(role))).toBe(expected);
  });

  it('a visitor never owns anything, even an item with an empty author', () => {
    expect(canEditItem(viewerOf('visitor'), { author_id: '', status: 'draft' })).toBe(false);
  });
});

describe('resolveStatusChange', () => {
  const owner = viewerOf('owner');
  const contributor = viewerOf('contributor');
  it('staff publish and schedule directly', () => {
    expect(resolveStatusChange(owner, 'published', undefined, NOW)).toEqual({
      ok: true,
      status: 'published',
      publishAt: null,
      publishedAt: NOW,
      review: false,
    });
    expect(resolveStatusChange(owner, 'scheduled', NOW + 5, NOW)).toMatchObject({
      ok: true,
      status: 'scheduled',
      publishAt: NOW + 5,
      review: false,
    });
  });
  it("a contributor's publish or schedule waits in review, keeping the requested time", () => {
    expect(resolveStatusChange(contributor, 'published', undefined, NOW)).toMatchObject({
      status: 'in_review',
      publishAt: null,
      review: true,
    });
    expect(resolveStatusChange(contributor, 'scheduled', NOW + 5, NOW)).toMatchObject({
      status: 'in_review',
      publishAt: NOW + 5,
      review: true,
    });
    expect(resolveStatusChange(contributor, 'draft', undefined, NOW)).toMatchObject({
      status: 'draft',
      review: false,
    });
  });
  it('names publishAt when it is missing, past, or given without scheduling', () => {
    expect(resolveStatusChange(owner, 'scheduled', undefined, NOW)).toMatchObject({
      ok: false,
      field: 'publishAt',
      code: 'required',
    });
    expect(resolveStatusChange(owner, 'scheduled', NOW, NOW)).toMatchObject({
      ok: false,
      code: 'in_the_past',
    });
    expect(resolveStatusChange(owner, 'published', NOW + 5, NOW)).toMatchObject({
      ok: false,
      code: 'not_scheduled',
    });
  });
  it('refuses publishing to those with no route to it', () => {
    expect(resolveStatusChange(viewerOf('member'), 'published', undefined, NOW)).toMatchObject({
      ok: false,
      field: 'status',
    });
  });
  it('approval schedules while the requested time is ahead, else publishes now', () => {
    expect(approvedStatus(NOW + 1, NOW)).toEqual({
      status: 'scheduled',
      publishAt: NOW + 1,
      publishedAt: null,
    });
    expect(approvedStatus(NOW - 1, NOW)).toEqual({ status: 'published', publishAt: null, publishedAt: NOW });
    expect(approvedStatus(null, NOW)).toEqual({ status: 'published', publishAt: null, publishedAt: NOW });
  });
});

describe('keyForMove', () => {
  const list = [
    { id: 'a', position: 'a0' },
    { id: 'b', position: 'a1' },
    { id: 'c', position: 'a2' },
  ];
  const sorted = (key: string) => [...list.map((l) => l.position), key].sort().indexOf(key);
  it('places between neighbours, at the start and at the end', () => {
    const at = (m: { afterId?: string; beforeId?: string }) => {
      const r = keyForMove(list, m);
      if (!('key' in r)) throw new Error(r.message);
      return sorted(r.key);
    };
    expect(at({ afterId: 'a' })).toBe(1);
    expect(at({ beforeId: 'a' })).toBe(0);
    expect(at({ afterId: 'c' })).toBe(3);
    expect(at({ beforeId: 'c' })).toBe(2);
    expect(at({ afterId: 'a', beforeId: 'b' })).toBe(1);
    expect(at({})).toBe(3);
  });
  it('names the reference that is not a sibling or not adjacent', () => {
    expect(keyForMove(list, { afterId: 'zz' })).toMatchObject({ field: 'afterId' });
    expect(keyForMove(list, { beforeId: 'zz' })).toMatchObject({ field: 'beforeId' });
    expect(keyForMove(list, { afterId: 'a', beforeId: 'c' })).toMatchObject({ field: 'beforeId' });
  });
  it('keeps a list ordered over many moves to the same spot', () => {
    let keys = ['a0', 'a1'];
    for (let i = 0; i < 50; i++) {
      const r = keyForMove(
        keys.map((position, j) => ({ id: String(j), position })),
        { afterId: '0' },
      );
      if (!('key' in r)) throw new Error(r.message);
      keys = [...keys, r.key].sort();
      expect(keys[1]).toBe(r.key);
    }
  });
});

describe('progress rules', () => {
  const lesson = (
    id: string,
    status: ContentStatus = 'published',
    locked = false,
    publish_at: number | null = null,
  ) => ({
    id,
    status,
    publish_at,
    author_id: 'x',
    locked,
  });
  it('percentage counts live lessons only, rounded down', () => {
    const lessons = [
      lesson('1'),
      lesson('2'),
      lesson('3'),
      lesson('d', 'draft'),
      lesson('s', 'scheduled', false, NOW - 1),
    ];
    expect(coursePercentage(lessons, new Set(['1', 'd']), NOW)).toBe(25);
    expect(coursePercentage(lessons, new Set(['1', '2', '3', 's']), NOW)).toBe(100);
    expect(coursePercentage([], new Set(), NOW)).toBe(0);
  });
  it('resumes the most recently touched open lesson, else the first open incomplete one', () => {
    const lessons = [lesson('1'), lesson('2'), lesson('3', 'published', true), lesson('4')];
    const row = (id: string, updated: number, done = false) => ({
      lesson_id: id,
      updated_at: updated,
      completed_at: done ? updated : null,
    });
    expect(resumeLesson(lessons, [], NOW)).toBe('1');
    expect(resumeLesson(lessons, [row('1', 5, true)], NOW)).toBe('2');
    expect(resumeLesson(lessons, [row('4', 9), row('2', 7)], NOW)).toBe('4');
    // a locked lesson is not where one can continue
    expect(resumeLesson(lessons, [row('3', 10), row('2', 1)], NOW)).toBe('2');
    expect(
      resumeLesson(
        lessons,
        ['1', '2', '4'].map((id) => row(id, 1, true)),
        NOW,
      ),
    ).toBe('3');
    expect(
      resumeLesson(
        lessons,
        ['1', '2', '3', '4'].map((id) => row(id, 1, true)),
        NOW,
      ),
    ).toBeNull();
  });
});
