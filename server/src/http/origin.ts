import type { FastifyInstance } from 'fastify';
import { AppError } from '../platform/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie sessions: a state-changing request from a browser must come from
 * our own origin (the configured public URL, or the host the request was addressed to).
 * Together with SameSite=Lax cookies this closes cross-site form posts and fetches.
 * Requests with neither Origin nor a cross-site Sec-Fetch-Site are non-browser clients.
 */
export function registerOriginCheck(app: FastifyInstance, publicUrl: string): void {
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    const origin = request.headers.origin;
    if (origin === undefined) {
      if (request.headers['sec-fetch-site'] === 'cross-site') throw originForbidden();
      return;
    }
    if (originAllowed(origin, request.headers.host, publicUrl)) return;
    throw originForbidden();
  });
}

/** Our own origin: the configured public URL, or the host the request was addressed to. No Origin: not a browser. */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  publicUrl: string,
): boolean {
  if (origin === undefined || origin === publicUrl) return true;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

const originForbidden = () =>
  new AppError(403, 'origin_forbidden', 'This request came from another site and was refused.');
