import type { components } from '../../api/schema';

export type Notification = components['schemas']['Notification'];
export type NotificationKind = Notification['kind'];

export interface NotificationPage {
  items: Notification[];
  nextCursor: string | null;
  unread: number;
}

export type EmailCadence = 'off' | 'daily' | 'weekly';

export interface KindPreference {
  kind: NotificationKind;
  inApp: boolean;
  email: EmailCadence;
}

export interface Preferences {
  kinds: KindPreference[];
  mutedCommunityIds: string[];
}

/** What the server pushes over /api/ws. */
export type LiveMessage =
  | { type: 'unread'; unread: number }
  | { type: 'notification'; unread: number; notification: Notification }
  | { type: 'pong' };
