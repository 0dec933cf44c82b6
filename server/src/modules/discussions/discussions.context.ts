/** What the discussions services share: dependencies, limits, cursors, search and notification helpers. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import { badRequest, forbidden, tooManyRequests, unauthenticated } from '../../platform/errors.js';
import type { Outbox } from '../../platform/outbox.js';
import type { RateLimiter } from '../../platform/rate-limit.js';
import type { SearchDocument, SearchIndexer } from '../../platform/search/search-document.js';
import type { AccessService } from '../access/access.service.js';
import { NOTIFY_TOPIC, type NotificationEvent } from '../notifications/notification-events.js';
import { plainText } from './discussions.presenter.js';
import type { CommentRow, PostRow } from './discussions.queries.js';

export interface DiscussionLimits {
  /** New posts per user per window. */
  posts: { limit: number; windowMs: number };
  /** New comments per user per window. */
  comments: { limit: number; windowMs: number };
}

export const DEFAULT_DISCUSSION_LIMITS: DiscussionLimits = {
  posts: { limit: 10, windowMs: 10 * 60_000 },
  comments: { limit: 30, windowMs: 5 * 60_000 },
};

export interface DiscussionsDeps {
  db: Kysely<DB>;
  clock: Clock;
  outbox: Outbox;
  access: AccessService;
  limiter: RateLimiter;
  /** Kept in step inside each write's transaction. */
  search: SearchIndexer;
  limits?: Partial<DiscussionLimits>;
}

export function requireUserId(actor: Actor): string {
  if (actor.kind !== 'user') throw unauthenticated();
  return actor.user.id;
}

export function deny(allowed: boolean, message = 'You may not do this.'): void {
  if (!allowed) throw forbidden('forbidden', message);
}

/** Counts one write against the user's window; 429 with Retry-After past the limit. */
export async function limitRate(
  deps: DiscussionsDeps,
  what: keyof DiscussionLimits,
  userId: string,
): Promise<void> {
  const rule = { ...DEFAULT_DISCUSSION_LIMITS, ...deps.limits }[what];
  const { count, resetInMs } = await deps.limiter.hit(`discussions:${what}:${userId}`, rule.windowMs);
  if (count > rule.limit) throw tooManyRequests(resetInMs);
}

/** Blank markdown (only whitespace) is no post. */
export function requireText(field: string, text: string): string {
  if (text.trim().length === 0)
    throw badRequest('empty_post', `${field} is empty`, [
      { path: field, code: 'empty', message: 'is empty' },
    ]);
  return text;
}

export const normaliseTags = (tags: readonly string[] | undefined): string[] => [
  ...new Set((tags ?? []).map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0)),
];

// ------------------------------------------------------------- feed cursors (id, or score + id)

export function encodeFeedCursor(cursor: { id: string; score?: number }): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export function decodeFeedCursor(cursor: string | undefined): { id: string; score?: number } | null {
  if (!cursor) return null;
  const invalid = () =>
    badRequest('validation_failed', 'cursor is invalid', [
      { path: 'cursor', code: 'cursor', message: 'is invalid' },
    ]);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof value !== 'object' || value === null) throw invalid();
  const { id, score } = value as { id?: unknown; score?: unknown };
  if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) throw invalid();
  if (score !== undefined && (typeof score !== 'number' || !Number.isFinite(score))) throw invalid();
  return score === undefined ? { id } : { id, score };
}

// ------------------------------------------------------------- search and notifications

export const postDocument = (post: PostRow): SearchDocument => ({
  kind: 'post',
  id: post.id,
  communityId: post.community_id,
  parentId: null,
  title: post.title ?? '',
  text: plainText(post.body, 100_000),
  authorId: post.author_id,
  createdAt: post.created_at,
});

export const commentDocument = (comment: CommentRow, post: PostRow): SearchDocument => ({
  kind: 'comment',
  id: comment.id,
  communityId: comment.community_id,
  parentId: comment.post_id,
  title: post.title ?? '',
  text: plainText(comment.body, 100_000),
  authorId: comment.author_id,
  createdAt: comment.created_at,
});

/** Queued in the writer's transaction; the notifications module delivers it after commit. */
export async function notify(deps: DiscussionsDeps, tx: Kysely<DB>, event: NotificationEvent): Promise<void> {
  if ('recipientId' in event && event.recipientId === event.actorId) return;
  if (event.kind === 'mention') {
    const recipientIds = event.recipientIds.filter((id) => id !== event.actorId);
    if (recipientIds.length === 0) return;
    await deps.outbox.add(tx, NOTIFY_TOPIC, { ...event, recipientIds });
    return;
  }
  await deps.outbox.add(tx, NOTIFY_TOPIC, event);
}
