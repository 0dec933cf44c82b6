import type { Insertable, Kysely } from 'kysely';
import type { DB, NotificationsTable } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import type { EventBus } from '../../platform/bus.js';
import type { Clock } from '../../platform/clock.js';
import { notFound, unauthenticated } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { findViewerRow } from '../access/access.queries.js';
import type { NotificationEvent, NotificationKind } from './notification-events.js';
import {
  type ItemFacts,
  type ItemRef,
  loadItemFacts,
  parentOf,
  whoMaySee,
} from './notifications.audience.js';
import { type ItemAccess, presentNotification } from './notifications.presenter.js';
import * as q from './notifications.queries.js';
import {
  DEFAULT_PREFERENCES,
  type EmailCadence,
  type MarkReadInput,
  NOTIFICATION_KINDS,
  type NotificationDto,
  type PreferencesDto,
  type PutPreferencesInput,
} from './notifications.schemas.js';

/**
 * The bus event after notifications change for some users: new ones (with their id) or read
 * ones (id null). It carries ids only: the process holding a user's socket renders for that user.
 */
export const NOTIFICATIONS_CHANGED = 'notifications.changed';
export interface NotificationsChanged {
  changes: { userId: string; notificationId: string | null }[];
}

export interface NotificationsDeps {
  db: Kysely<DB>;
  clock: Clock;
  bus: EventBus;
  log: Logger;
}

export type Preference = { inApp: boolean; email: EmailCadence };
export type PreferenceMap = Record<NotificationKind, Preference>;

/** New content is announced to a community's followers this many at a time. */
const FAN_OUT_PAGE = 500;

const requireUserId = (actor: Actor): string => {
  if (actor.kind !== 'user') throw unauthenticated();
  return actor.user.id;
};

function itemOf(event: NotificationEvent): { ref: ItemRef; commentId: string | null; data: object } {
  switch (event.kind) {
    case 'reply':
    case 'answer_accepted':
      return { ref: { itemType: 'post', itemId: event.postId }, commentId: event.commentId, data: {} };
    case 'mention':
      return { ref: { itemType: 'post', itemId: event.postId }, commentId: event.commentId, data: {} };
    case 'reaction':
      return {
        ref: { itemType: 'post', itemId: event.postId },
        commentId: event.commentId,
        data: { reaction: event.reaction },
      };
    case 'review_decision':
      return {
        ref: { itemType: event.itemType, itemId: event.itemId },
        commentId: null,
        data: { decision: event.decision },
      };
    case 'new_content':
      return { ref: { itemType: event.itemType, itemId: event.itemId }, commentId: null, data: {} };
    case 'paid_question':
      return {
        ref: { itemType: 'paid_question', itemId: event.questionId },
        commentId: null,
        data: { action: event.action },
      };
    case 'tip':
      return {
        ref: { itemType: 'post', itemId: event.postId },
        commentId: event.commentId,
        data: { amountMinor: event.amountMinor, currency: event.currency },
      };
  }
}

function directRecipients(event: NotificationEvent): string[] {
  switch (event.kind) {
    case 'mention':
      return event.recipientIds;
    case 'new_content':
      return [];
    default:
      return [event.recipientId];
  }
}

export class NotificationsService {
  constructor(private readonly deps: NotificationsDeps) {}

  // ── delivery (the outbox handler of NOTIFY_TOPIC) ───────────────────────

  /**
   * Stores one notification per recipient who may see the item now, never for the actor, only
   * for kinds the recipient wants (in the app or in a digest). Idempotent: a redelivered event
   * inserts nothing (unique recipient, kind, source) and announces nothing.
   */
  async deliver(event: NotificationEvent): Promise<void> {
    const { db } = this.deps;
    if (!NOTIFICATION_KINDS.includes(event.kind)) {
      this.deps.log.warn(
        { kind: (event as { kind: string }).kind },
        'ignored a notification of an unknown kind',
      );
      return;
    }
    const item = itemOf(event);
    const facts = await loadItemFacts(db, item.ref, event.communityId);
    if (!facts) return;
    if (event.kind !== 'new_content') {
      await this.deliverTo(event, item, facts, directRecipients(event));
      return;
    }
    let after = '';
    for (;;) {
      const page = await q.listFollowerPage(db, event.communityId, after, FAN_OUT_PAGE);
      if (page.length === 0) return;
      const muted = await q.listMutedAmong(db, event.communityId, page);
      await this.deliverTo(
        event,
        item,
        facts,
        page.filter((id) => !muted.has(id)),
      );
      if (page.length < FAN_OUT_PAGE) return;
      after = page[page.length - 1] as string;
    }
  }

  private async deliverTo(
    event: NotificationEvent,
    item: ReturnType<typeof itemOf>,
    facts: ItemFacts,
    candidates: readonly string[],
  ): Promise<void> {
    const { db, clock } = this.deps;
    const ids = [...new Set(candidates)].filter((id) => id !== event.actorId);
    if (ids.length === 0) return;
    const now = clock.now();
    const visible = await whoMaySee(db, facts, ids, now);
    const prefs = await this.preferencesOf([...visible]);
    const rows: Insertable<NotificationsTable>[] = [];
    for (const userId of visible) {
      const pref = prefs.get(userId)?.[event.kind] ?? DEFAULT_PREFERENCES[event.kind];
      if (!pref.inApp && pref.email === 'off') continue;
      rows.push({
        id: newId(),
        recipient_id: userId,
        kind: event.kind,
        source_id: event.sourceId,
        community_id: event.communityId,
        actor_id: event.actorId || null,
        item_type: item.ref.itemType,
        item_id: item.ref.itemId,
        comment_id: item.commentId,
        data: JSON.stringify(item.data),
        in_app: pref.inApp ? 1 : 0,
        created_at: now,
        read_at: null,
        emailed_at: null,
      });
    }
    const inserted = await q.insertNotifications(db, rows);
    const changes = inserted
      .filter((r) => Number(r.in_app) === 1)
      .map((r) => ({ userId: r.recipient_id, notificationId: r.id }));
    if (changes.length > 0) await this.announce({ changes });
  }

  private announce(payload: NotificationsChanged): Promise<void> {
    return this.deps.bus.publish({ type: NOTIFICATIONS_CHANGED, payload });
  }

  // ── reading ──────────────────────────────────────────────────────────────

  async list(actor: Actor, page: { cursor?: string; limit?: number }) {
    const userId = requireUserId(actor);
    const limit = page.limit ?? 20;
    const rows = await q.listNotifications(this.deps.db, userId, decodeCursor(page.cursor), limit + 1);
    const items = await this.presentFor(userId, rows.slice(0, limit));
    const last = items.at(-1);
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
      unread: await q.countUnread(this.deps.db, userId),
    };
  }

  async unread(actor: Actor): Promise<{ unread: number }> {
    return { unread: await q.countUnread(this.deps.db, requireUserId(actor)) };
  }

  unreadOf(userId: string): Promise<number> {
    return q.countUnread(this.deps.db, userId);
  }

  /** One notification as its recipient sees it now (for the WebSocket); undefined if not theirs. */
  async renderOne(userId: string, notificationId: string): Promise<NotificationDto | undefined> {
    const rows = await q.findNotificationsByIds(this.deps.db, userId, [notificationId]);
    return (await this.presentFor(userId, rows))[0];
  }

  async markRead(actor: Actor, input: MarkReadInput): Promise<{ marked: number; unread: number }> {
    const userId = requireUserId(actor);
    const ids = 'ids' in input ? input.ids : null;
    const marked = await q.markRead(this.deps.db, userId, ids, this.deps.clock.now());
    const unread = await q.countUnread(this.deps.db, userId);
    if (marked > 0) await this.announce({ changes: [{ userId, notificationId: null }] });
    return { marked, unread };
  }

  /**
   * Re-checks access for the reader now, one decision per distinct item: whoever lost access
   * since delivery sees the notification without the item's title or link.
   */
  private async presentFor(userId: string, rows: q.NotificationListRow[]): Promise<NotificationDto[]> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const decisions = new Map<string, ItemAccess>();
    for (const row of rows) {
      const key = `${row.item_type}:${row.item_id}`;
      if (decisions.has(key)) continue;
      const facts = await loadItemFacts(
        db,
        { itemType: row.item_type as ItemRef['itemType'], itemId: row.item_id },
        row.community_id,
      );
      const visible = facts ? (await whoMaySee(db, facts, [userId], now)).has(userId) : false;
      decisions.set(key, { visible, title: facts?.title ?? null, parentId: parentOf(facts) });
    }
    return rows.map((row) =>
      presentNotification(
        row,
        decisions.get(`${row.item_type}:${row.item_id}`) ?? { visible: false, title: null, parentId: null },
      ),
    );
  }

  // ── preferences ──────────────────────────────────────────────────────────

  /** Each user's effective preferences (saved ones over the defaults). */
  async preferencesOf(userIds: readonly string[]): Promise<Map<string, PreferenceMap>> {
    const rows = await q.listPreferenceRows(this.deps.db, userIds);
    const map = new Map<string, PreferenceMap>();
    for (const row of rows) {
      let prefs = map.get(row.user_id);
      if (!prefs) {
        prefs = { ...DEFAULT_PREFERENCES };
        map.set(row.user_id, prefs);
      }
      if ((NOTIFICATION_KINDS as readonly string[]).includes(row.kind))
        prefs[row.kind as NotificationKind] = { inApp: row.in_app === 1, email: row.email };
    }
    return map;
  }

  async getPreferences(actor: Actor): Promise<PreferencesDto> {
    const userId = requireUserId(actor);
    const prefs = (await this.preferencesOf([userId])).get(userId) ?? DEFAULT_PREFERENCES;
    const muted = await q.listMutedCommunityIds(this.deps.db, userId);
    return {
      kinds: NOTIFICATION_KINDS.map((kind) => ({ kind, ...prefs[kind] })),
      mutedCommunityIds: muted.map((m) => m.community_id),
    };
  }

  async putPreferences(actor: Actor, input: PutPreferencesInput): Promise<PreferencesDto> {
    const userId = requireUserId(actor);
    const { db, clock } = this.deps;
    const now = clock.now();
    if (input.mutedCommunityIds)
      for (const communityId of input.mutedCommunityIds)
        if (!(await findViewerRow(db, communityId, userId))) throw notFound('community');
    await db.transaction().execute(async (tx) => {
      for (const pref of input.kinds ?? [])
        await q.upsertPreference(tx, {
          user_id: userId,
          kind: pref.kind,
          in_app: pref.inApp ? 1 : 0,
          email: pref.email,
          updated_at: now,
        });
      if (input.mutedCommunityIds) {
        const wanted = new Set(input.mutedCommunityIds);
        const current = await q.listMutedCommunityIds(tx, userId);
        for (const { community_id } of current)
          if (!wanted.has(community_id)) await q.setMuted(tx, userId, community_id, false, now);
        for (const communityId of wanted) await q.setMuted(tx, userId, communityId, true, now);
      }
    });
    return this.getPreferences(actor);
  }

  async setCommunityMute(actor: Actor, communityId: string, muted: boolean) {
    const userId = requireUserId(actor);
    if (!(await findViewerRow(this.deps.db, communityId, userId))) throw notFound('community');
    await q.setMuted(this.deps.db, userId, communityId, muted, this.deps.clock.now());
    return { communityId, muted };
  }
}
