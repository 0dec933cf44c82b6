import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { RealtimeHub } from '../../http/websocket.js';
import type { EventBus } from '../../platform/bus.js';
import type { Clock } from '../../platform/clock.js';
import type { Jobs } from '../../platform/jobs.js';
import type { Logger } from '../../platform/logger.js';
import type { Outbox } from '../../platform/outbox.js';
import { NOTIFY_TOPIC, type NotificationEvent } from './notification-events.js';
import { sendDigests, unsubscribe } from './notifications.digest.js';
import { notificationsRoutes } from './notifications.routes.js';
import {
  NOTIFICATIONS_CHANGED,
  type NotificationsChanged,
  NotificationsService,
} from './notifications.service.js';

export interface NotificationsModuleDeps {
  db: Kysely<DB>;
  clock: Clock;
  bus: EventBus;
  log: Logger;
  outbox: Outbox;
  jobs: Jobs;
  hub: RealtimeHub;
  publicUrl: string;
  secret: string;
}

/** How often the digest job looks for due digests (each is sent once per period). */
const DIGEST_CHECK_MS = 15 * 60_000;

/**
 * Wires the notifications module: the outbox handler for NOTIFY_TOPIC, the digest jobs, and the
 * live pushes (a bus event from any process → the sockets this process holds).
 */
export function createNotifications(deps: NotificationsModuleDeps) {
  const notifications = new NotificationsService(deps);
  deps.outbox.register(NOTIFY_TOPIC, (event: NotificationEvent) => notifications.deliver(event));

  const digestDeps = { ...deps, notifications };
  deps.jobs.every('notifications.digest.daily', DIGEST_CHECK_MS, async () => {
    await sendDigests(digestDeps, 'daily');
  });
  deps.jobs.every('notifications.digest.weekly', DIGEST_CHECK_MS, async () => {
    await sendDigests(digestDeps, 'weekly');
  });

  deps.hub.onConnect((userId, send) => {
    notifications.unreadOf(userId).then(
      (unread) => send({ type: 'unread', unread }),
      (err) => deps.log.warn({ err }, 'could not send the unread count to a new socket'),
    );
  });
  deps.bus.subscribe(NOTIFICATIONS_CHANGED, async (event) => {
    const { changes } = event.payload as NotificationsChanged;
    for (const change of changes) {
      if (!deps.hub.isConnected(change.userId)) continue;
      const unread = await notifications.unreadOf(change.userId);
      const notification = change.notificationId
        ? await notifications.renderOne(change.userId, change.notificationId)
        : undefined;
      deps.hub.sendTo(
        change.userId,
        notification ? { type: 'notification', notification, unread } : { type: 'unread', unread },
      );
    }
  });

  return {
    notifications,
    routes: notificationsRoutes({
      notifications,
      unsubscribe: (token) => unsubscribe({ db: deps.db, clock: deps.clock, secret: deps.secret }, token),
    }),
  };
}
