import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { EventBus } from '../platform/bus.js';
import { AppError, unauthenticated } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import { hashToken } from '../platform/tokens.js';
import { originAllowed } from './origin.js';

/** Close codes the web client understands (4000–4999 are the application's own). */
export const WS_CLOSE = {
  /** The server is shutting down or restarting: reconnect soon. */
  goingAway: 1001,
  /** The session was signed out or revoked: do not reconnect until signed in again. */
  sessionEnded: 4401,
  /** No pong in time: the connection was dead. */
  timeout: 4408,
  /** The user opened more sockets than allowed: the oldest is let go. */
  tooMany: 4429,
} as const;

/** Sockets one user may hold in one process (tabs, devices); beyond it the oldest is closed. */
const MAX_SOCKETS_PER_USER = 16;

export interface RealtimeOptions {
  /** How often sockets are pinged; one missed pong closes the socket. */
  heartbeatMs?: number;
}

interface Connection {
  socket: WebSocket;
  userId: string;
  sessionHash: string;
  alive: boolean;
}

/** The bus event accounts publishes when sessions end (logout, password change, revocation). */
const SESSIONS_REVOKED = 'accounts.sessions_revoked';

/**
 * This process's open sockets by user. Nothing a member may see travels on the bus: modules
 * publish "something changed for user X" and the process holding X's socket renders the message
 * for X (see notifications.service.ts), so any process can serve any member.
 */
export class RealtimeHub {
  private readonly byUser = new Map<string, Set<Connection>>();
  private readonly connectListeners: ((userId: string, send: (message: unknown) => void) => void)[] = [];

  constructor(private readonly log: Logger) {}

  /** Called for each new socket, e.g. to send the current unread count. */
  onConnect(listener: (userId: string, send: (message: unknown) => void) => void): void {
    this.connectListeners.push(listener);
  }

  isConnected(userId: string): boolean {
    return (this.byUser.get(userId)?.size ?? 0) > 0;
  }

  get connectionCount(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  /** Sends to every socket the user has open in this process (several tabs). */
  sendTo(userId: string, message: unknown): void {
    const set = this.byUser.get(userId);
    if (!set) return;
    const frame = JSON.stringify(message);
    for (const c of set) if (c.socket.readyState === c.socket.OPEN) c.socket.send(frame);
  }

  add(connection: Connection): void {
    let set = this.byUser.get(connection.userId);
    if (!set) {
      set = new Set();
      this.byUser.set(connection.userId, set);
    }
    set.add(connection);
    if (set.size > MAX_SOCKETS_PER_USER) {
      const oldest = set.values().next().value;
      if (oldest) {
        set.delete(oldest);
        oldest.socket.close(WS_CLOSE.tooMany, 'too many connections');
      }
    }
    const send = (message: unknown) => {
      if (connection.socket.readyState === connection.socket.OPEN)
        connection.socket.send(JSON.stringify(message));
    };
    for (const listener of this.connectListeners) {
      try {
        listener(connection.userId, send);
      } catch (err) {
        this.log.warn({ err }, 'realtime connect listener failed');
      }
    }
  }

  remove(connection: Connection): void {
    const set = this.byUser.get(connection.userId);
    if (!set) return;
    set.delete(connection);
    if (set.size === 0) this.byUser.delete(connection.userId);
  }

  closeSessions(sessionHashes: ReadonlySet<string>): void {
    for (const set of this.byUser.values())
      for (const c of set)
        if (sessionHashes.has(c.sessionHash)) c.socket.close(WS_CLOSE.sessionEnded, 'session ended');
  }

  /** Pings every socket; those that did not answer the previous ping are closed. */
  heartbeat(): void {
    for (const set of this.byUser.values())
      for (const c of set) {
        if (!c.alive) {
          c.socket.close(WS_CLOSE.timeout, 'no pong');
          c.socket.terminate();
          continue;
        }
        c.alive = false;
        c.socket.ping();
      }
  }

  closeAll(code: number, reason: string): void {
    for (const set of this.byUser.values()) for (const c of set) c.socket.close(code, reason);
  }
}

/**
 * `GET /api/ws`: a WebSocket for the signed-in user, authenticated by the session cookie (the
 * actor hook has run: the upgrade request passes Fastify's hooks like any other) and refused
 * from another site's page (cross-site WebSocket hijacking: browsers send cookies with it).
 * Refusals are plain HTTP answers before the upgrade: 401 without a session, 403 from elsewhere.
 */
export async function registerWebSocket(
  app: FastifyInstance,
  deps: { hub: RealtimeHub; bus: EventBus; publicUrl: string; log: Logger; options?: RealtimeOptions },
): Promise<void> {
  const { hub } = deps;
  await app.register(fastifyWebsocket, {
    options: { maxPayload: 4096 },
    // Shutdown: tell clients we are going away (they reconnect to another process).
    preClose(done) {
      hub.closeAll(WS_CLOSE.goingAway, 'server shutting down');
      app.websocketServer.close(() => done());
    },
  });
  const unsubscribe = deps.bus.subscribe(SESSIONS_REVOKED, (event) => {
    hub.closeSessions(new Set((event.payload as { tokenHashes: string[] }).tokenHashes));
  });
  const timer = setInterval(() => hub.heartbeat(), deps.options?.heartbeatMs ?? 30_000);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    unsubscribe();
  });

  app.get(
    '/api/ws',
    {
      websocket: true,
      schema: { hide: true },
      preValidation: async (request) => {
        if (!originAllowed(request.headers.origin, request.headers.host, deps.publicUrl))
          throw new AppError(
            403,
            'origin_forbidden',
            'This connection came from another site and was refused.',
          );
        if (request.actor.kind !== 'user' || !request.sessionToken) throw unauthenticated();
      },
    },
    (socket, request) => {
      if (request.actor.kind !== 'user' || !request.sessionToken) {
        socket.close(WS_CLOSE.sessionEnded, 'sign in');
        return;
      }
      const connection: Connection = {
        socket,
        userId: request.actor.user.id,
        sessionHash: hashToken(request.sessionToken),
        alive: true,
      };
      socket.on('pong', () => {
        connection.alive = true;
      });
      socket.on('message', (data) => {
        connection.alive = true;
        // Browsers cannot send ping frames; an application "ping" gets a "pong".
        if (data.toString() === '{"type":"ping"}') socket.send('{"type":"pong"}');
      });
      socket.on('close', () => hub.remove(connection));
      hub.add(connection);
    },
  );
}
