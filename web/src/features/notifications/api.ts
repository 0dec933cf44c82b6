import { api, unwrap } from '../../api/client';
import type { KindPreference, NotificationPage, Preferences } from './types';

export const fetchNotifications = (cursor?: string): Promise<NotificationPage> =>
  unwrap(
    api.GET('/api/me/notifications', { params: { query: { limit: 20, ...(cursor ? { cursor } : {}) } } }),
  );

export const fetchUnreadCount = (): Promise<{ unread: number }> =>
  unwrap(api.GET('/api/me/notifications/unread-count'));

export const markRead = (
  body: { ids: string[] } | { all: true },
): Promise<{ marked: number; unread: number }> => unwrap(api.POST('/api/me/notifications/read', { body }));

export const fetchPreferences = (): Promise<Preferences> =>
  unwrap(api.GET('/api/me/notification-preferences'));

export const savePreferences = (body: {
  kinds?: KindPreference[];
  mutedCommunityIds?: string[];
}): Promise<Preferences> => unwrap(api.PUT('/api/me/notification-preferences', { body }));

export const setCommunityMuted = (communityId: string, muted: boolean) =>
  unwrap(
    api.PUT('/api/me/notification-preferences/communities/{id}', {
      params: { path: { id: communityId } },
      body: { muted },
    }),
  );

export const unsubscribe = (token: string): Promise<{ unsubscribed: boolean; email: string }> =>
  unwrap(api.POST('/api/notifications/unsubscribe', { body: { token } }));
