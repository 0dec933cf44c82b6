import type { FastifyInstance, FastifyReply } from 'fastify';
import { type Actor, anonymous, type SignedInUser } from '../platform/actor.js';

export const SESSION_COOKIE = 'zhishe_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    /** The raw session token from the cookie, when one was sent and is live. */
    sessionToken: string | null;
  }
}

export interface SessionResolver {
  resolveSession(token: string): Promise<{ user: SignedInUser; sessionId: string; renewed: boolean } | null>;
}

export interface SessionCookieOptions {
  secure: boolean;
  maxAgeMs: number;
}

export function setSessionCookie(reply: FastifyReply, token: string, options: SessionCookieOptions): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    path: '/',
    maxAge: Math.floor(options.maxAgeMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply, options: SessionCookieOptions): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: options.secure, path: '/' });
}

/** Session cookie → `request.actor`, for API routes only (static files need no session). */
export function registerActor(
  app: FastifyInstance,
  sessions: SessionResolver,
  cookie: SessionCookieOptions,
): void {
  app.decorateRequest('actor', null as never);
  app.decorateRequest('sessionToken', null);
  app.addHook('onRequest', async (request, reply) => {
    request.actor = anonymous(request.ip);
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await sessions.resolveSession(token);
    if (!session) {
      clearSessionCookie(reply, cookie);
      return;
    }
    request.actor = { kind: 'user', user: session.user, sessionId: session.sessionId, ip: request.ip };
    request.sessionToken = token;
    if (session.renewed) setSessionCookie(reply, token, cookie);
  });
}
