import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { accountKeys } from '../accounts/hooks';
import * as notifications from './api';
import type { KindPreference, LiveMessage } from './types';

export const notificationKeys = {
  all: ['notifications'] as const,
  list: ['notifications', 'list'] as const,
  unread: ['notifications', 'unread'] as const,
  preferences: ['notifications', 'preferences'] as const,
};

export const useNotifications = () =>
  useInfiniteQuery({
    queryKey: notificationKeys.list,
    queryFn: ({ pageParam }) => notifications.fetchNotifications(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const useUnreadCount = (enabled: boolean) =>
  useQuery({ queryKey: notificationKeys.unread, queryFn: notifications.fetchUnreadCount, enabled });

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: notifications.markRead,
    onSuccess: (result) => {
      queryClient.setQueryData(notificationKeys.unread, { unread: result.unread });
      void queryClient.invalidateQueries({ queryKey: notificationKeys.list });
    },
  });
}

export const usePreferences = () =>
  useQuery({ queryKey: notificationKeys.preferences, queryFn: notifications.fetchPreferences });

export function useSavePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { kinds?: KindPreference[]; mutedCommunityIds?: string[] }) =>
      notifications.savePreferences(body),
    onSuccess: (prefs) => queryClient.setQueryData(notificationKeys.preferences, prefs),
  });
}

export const useUnsubscribe = () => useMutation({ mutationFn: notifications.unsubscribe });

/** The server closes with this when the session ended: sign in again before reconnecting. */
const SESSION_ENDED = 4401;
/** Too many tabs open: this one gave way to a newer one and stays quiet. */
const TOO_MANY = 4429;
const MAX_BACKOFF_MS = 30_000;

/**
 * One WebSocket to /api/ws while signed in: the server pushes new notifications and unread
 * counts, which go straight into the query cache. Reconnects with jittered exponential back-off
 * (a restart or another process behind the load balancer), at once when the browser is back
 * online; the server sends the current count on every connect, so nothing is missed for long.
 */
export function useLiveNotifications(enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof WebSocket === 'undefined') return;
    let socket: WebSocket | null = null;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    const connect = () => {
      clearTimeout(timer);
      if (stopped || socket) return;
      const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
      const ws = new WebSocket(`${scheme}://${window.location.host}/api/ws`);
      socket = ws;
      ws.onopen = () => {
        attempt = 0;
        void queryClient.invalidateQueries({ queryKey: notificationKeys.list });
      };
      ws.onmessage = (event) => {
        let message: LiveMessage;
        try {
          message = JSON.parse(String(event.data)) as LiveMessage;
        } catch {
          return;
        }
        if (message.type === 'unread' || message.type === 'notification')
          queryClient.setQueryData(notificationKeys.unread, { unread: message.unread });
        if (message.type === 'notification')
          void queryClient.invalidateQueries({ queryKey: notificationKeys.list });
      };
      ws.onclose = (event) => {
        if (socket === ws) socket = null;
        if (stopped) return;
        if (event.code === SESSION_ENDED) {
          void queryClient.invalidateQueries({ queryKey: accountKeys.me });
          return;
        }
        if (event.code === TOO_MANY) return;
        const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt) * (0.5 + Math.random() / 2);
        attempt++;
        timer = setTimeout(connect, delay);
      };
    };
    const reconnectNow = () => {
      attempt = 0;
      connect();
    };

    connect();
    window.addEventListener('online', reconnectNow);
    return () => {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener('online', reconnectNow);
      socket?.close(1000);
    };
  }, [enabled, queryClient]);
}
