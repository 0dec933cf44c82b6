/** What every activities service shares: its dependencies and the checks each use case starts with. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, type FieldError, forbidden, unauthenticated } from '../../platform/errors.js';
import type { Outbox } from '../../platform/outbox.js';
import { decideMemberArea, type Viewer } from '../access/access.rules.js';
import type { AccessService } from '../access/access.service.js';
import type { NotificationEvent } from '../notifications/notification-events.js';
import { type ActivityAction, can } from './activities.policy.js';
import * as q from './activities.queries.js';

export interface ActivitiesDeps {
  db: Kysely<DB>;
  clock: Clock;
  outbox: Outbox;
  access: AccessService;
}

/** Writes need a signed-in user: 401 before anything is looked up. */
export function requireUserId(actor: Actor): string {
  if (actor.kind !== 'user') throw unauthenticated();
  return actor.user.id;
}

/**
 * The viewer in the community, who must see its member content: 404 for no such community,
 * 403 `join_required` (with the plans to join by) for visitors and lapsed members.
 */
export async function memberViewer(deps: ActivitiesDeps, actor: Actor, communityId: string): Promise<Viewer> {
  const viewer = await deps.access.viewer(actor, communityId);
  await deps.access.enforce(viewer, decideMemberArea(viewer), 'community');
  return viewer;
}

/** A member who may also do `action` (403 otherwise). */
export async function authorize(
  deps: ActivitiesDeps,
  actor: Actor,
  communityId: string,
  action: ActivityAction,
  message: string,
): Promise<{ viewer: Viewer; userId: string }> {
  const userId = requireUserId(actor);
  const viewer = await memberViewer(deps, actor, communityId);
  if (!can(viewer, action)) throw forbidden('forbidden', message);
  return { viewer, userId };
}

export const validation = (errors: FieldError[]) =>
  new AppError(400, 'validation_failed', errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);

/** Attached files must be the member's own uploads (to this community or to none). */
export async function assertOwnFiles(
  deps: ActivitiesDeps,
  fileIds: readonly string[],
  userId: string,
  communityId: string,
): Promise<void> {
  const own = await q.findOwnFileIds(deps.db, fileIds, userId, communityId);
  const errors = fileIds.flatMap((id, i) =>
    own.has(id)
      ? []
      : [{ path: `fileIds.${i}`, code: 'unknown_file', message: 'is not a file you uploaded' }],
  );
  if (errors.length > 0) throw validation(errors);
}

/**
 * "New in the community" for its followers, queued in the creating transaction. The item's id is
 * the source, so a redelivered event tells no one twice.
 */
export function newActivityEvent(
  itemType: 'challenge' | 'assignment',
  item: { id: string; community_id: string; author_id: string },
  now: number,
): NotificationEvent {
  return {
    kind: 'new_content',
    itemType,
    itemId: item.id,
    communityId: item.community_id,
    actorId: item.author_id,
    sourceId: item.id,
    at: now,
  };
}

/** Keyset cursors that carry more than an id (the leaderboard's count and user). */
export const encodeJsonCursor = (value: unknown): string =>
  Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

export function decodeJsonCursor<T>(
  cursor: string | undefined,
  check: (value: unknown) => value is T,
): T | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (check(value)) return value;
  } catch {
    // Falls through to the same 400 as a well-formed but wrong cursor.
  }
  throw validation([{ path: 'cursor', code: 'cursor', message: 'is invalid' }]);
}
