import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { problemResponses } from '../../http/problem.js';
import { invalidField } from '../../platform/errors.js';
import {
  CommunityMute,
  CommunityMuteParams,
  MarkReadBody,
  MarkReadResult,
  Notification,
  NotificationListQuery,
  NotificationPage,
  Preferences,
  PutCommunityMuteBody,
  PutPreferencesBody,
  UnreadCount,
  UnsubscribeBody,
  UnsubscribeQuery,
  UnsubscribeResult,
} from './notifications.schemas.js';
import type { NotificationsService } from './notifications.service.js';

const tags = ['notifications'];

export interface NotificationsRoutesDeps {
  notifications: NotificationsService;
  unsubscribe(token: string): Promise<{ unsubscribed: boolean; email: string }>;
}

export function notificationsRoutes(deps: NotificationsRoutesDeps) {
  const { notifications } = deps;
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.addSchema(Notification);
    // Mail clients' one-click unsubscribe (RFC 8058) posts a form; only this plugin reads forms.
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4096 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );

    app.get(
      '/api/me/notifications',
      {
        schema: {
          tags,
          summary: 'My notifications, newest first (keyset by cursor), with the unread count',
          querystring: NotificationListQuery,
          response: { 200: NotificationPage, ...problemResponses },
        },
      },
      async (request) => notifications.list(request.actor, request.query),
    );

    app.get(
      '/api/me/notifications/unread-count',
      {
        schema: {
          tags,
          summary: 'How many of my notifications are unread',
          response: { 200: UnreadCount, ...problemResponses },
        },
      },
      async (request) => notifications.unread(request.actor),
    );

    app.post(
      '/api/me/notifications/read',
      {
        schema: {
          tags,
          summary: 'Mark notifications read: the given ids, or all',
          body: MarkReadBody,
          response: { 200: MarkReadResult, ...problemResponses },
        },
      },
      async (request) => notifications.markRead(request.actor, request.body),
    );

    app.get(
      '/api/me/notification-preferences',
      {
        schema: {
          tags,
          summary: 'My notification preferences per kind, and the communities I muted',
          response: { 200: Preferences, ...problemResponses },
        },
      },
      async (request) => notifications.getPreferences(request.actor),
    );

    app.put(
      '/api/me/notification-preferences',
      {
        schema: {
          tags,
          summary: 'Change my preferences (the kinds given) and, when given, the muted communities',
          body: PutPreferencesBody,
          response: { 200: Preferences, ...problemResponses },
        },
      },
      async (request) => notifications.putPreferences(request.actor, request.body),
    );

    app.put(
      '/api/me/notification-preferences/communities/:id',
      {
        schema: {
          tags,
          summary: "Mute (or follow again) a community's new content",
          params: CommunityMuteParams,
          body: PutCommunityMuteBody,
          response: { 200: CommunityMute, ...problemResponses },
        },
      },
      async (request) => notifications.setCommunityMute(request.actor, request.params.id, request.body.muted),
    );

    app.post(
      '/api/notifications/unsubscribe',
      {
        schema: {
          tags,
          summary: 'Turn off e-mail digests with the signed link from a digest; no sign-in needed',
          querystring: UnsubscribeQuery,
          body: UnsubscribeBody,
          response: { 200: UnsubscribeResult, ...problemResponses },
        },
      },
      async (request) => {
        const token = request.query.token ?? request.body?.token;
        if (!token) throw invalidField('token', 'required', 'token is required');
        return deps.unsubscribe(token);
      },
    );
  };
}
