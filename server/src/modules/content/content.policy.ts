/**
 * Who may write, publish and review courses and lessons: pure functions of the viewer (from the
 * access module) and the item, so they are table-tested over every role without a database.
 */

import type { ContentStatus } from '../../db/schema.js';
import { canAuthor, seesEverything, type Viewer } from '../access/access.rules.js';

export interface Authored {
  author_id: string;
  status: ContentStatus;
}

const isContributor = (v: Viewer): boolean => v.staffRole === 'contributor' && v.userId !== null;
const owns = (v: Viewer, item: { author_id: string }): boolean =>
  v.userId !== null && v.userId === item.author_id;

/** Starting a course: the community's team (owner, moderators, contributors) and the operator. */
export const canCreateCourse = (v: Viewer): boolean => canAuthor(v);

/**
 * Adding chapters and lessons to a course, or reordering its chapters: staff on any course, a
 * contributor on their own (what they add starts unpublished, so nothing leaks).
 */
export const canExtendCourse = (v: Viewer, course: { author_id: string }): boolean =>
  seesEverything(v) || (isContributor(v) && owns(v, course));

/**
 * Editing an item: staff always; a contributor their own work while it is a draft or waiting for
 * review. Once published it is the community's, and only staff change it.
 */
export const canEditItem = (v: Viewer, item: Authored): boolean =>
  seesEverything(v) ||
  (isContributor(v) && owns(v, item) && (item.status === 'draft' || item.status === 'in_review'));

/** Publishing or scheduling: staff directly; a contributor's request goes to the review queue. */
export type PublishRoute = 'direct' | 'review';
export const publishRoute = (v: Viewer): PublishRoute | null =>
  seesEverything(v) ? 'direct' : isContributor(v) ? 'review' : null;

/** Approving or rejecting submissions: those who may publish directly (owner, moderators, operator). */
export const canReview = (v: Viewer): boolean => seesEverything(v);

/** A status an author asks for; `in_review` is never asked for, it is where a request waits. */
export type RequestedStatus = 'draft' | 'scheduled' | 'published' | 'archived';

export type StatusChange =
  | { ok: true; status: ContentStatus; publishAt: number | null; publishedAt: number | null; review: boolean }
  | { ok: false; field: 'publishAt' | 'status'; code: string; message: string };

/**
 * What a requested status becomes for this viewer: a direct change, or `in_review` holding the
 * requested time in `publishAt` (approval then publishes or schedules as asked).
 */
export function resolveStatusChange(
  v: Viewer,
  requested: RequestedStatus,
  publishAt: number | null | undefined,
  now: number,
): StatusChange {
  if (requested === 'scheduled') {
    if (publishAt === undefined || publishAt === null)
      return { ok: false, field: 'publishAt', code: 'required', message: 'is required to schedule' };
    if (publishAt <= now)
      return { ok: false, field: 'publishAt', code: 'in_the_past', message: 'must be in the future' };
  } else if (publishAt !== undefined && publishAt !== null) {
    return { ok: false, field: 'publishAt', code: 'not_scheduled', message: 'is only for status scheduled' };
  }
  if (requested === 'draft' || requested === 'archived')
    return { ok: true, status: requested, publishAt: null, publishedAt: null, review: false };
  const route = publishRoute(v);
  if (route === null)
    return { ok: false, field: 'status', code: 'forbidden', message: 'you may not publish here' };
  const at = requested === 'scheduled' ? (publishAt as number) : null;
  if (route === 'review')
    return { ok: true, status: 'in_review', publishAt: at, publishedAt: null, review: true };
  return requested === 'published'
    ? { ok: true, status: 'published', publishAt: null, publishedAt: now, review: false }
    : { ok: true, status: 'scheduled', publishAt: at, publishedAt: null, review: false };
}

/** The status an approved submission takes: scheduled while its requested time is ahead. */
export function approvedStatus(
  publishAt: number | null,
  now: number,
): { status: 'published' | 'scheduled'; publishAt: number | null; publishedAt: number | null } {
  return publishAt !== null && publishAt > now
    ? { status: 'scheduled', publishAt, publishedAt: null }
    : { status: 'published', publishAt: null, publishedAt: now };
}
