import path from 'node:path';
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, type FieldError, type ProblemExtras } from '../platform/errors.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

// Fastify's own client errors, given stable codes of ours.
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'body_required',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
};

interface ProblemBody extends ProblemExtras {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: FieldError[];
}

export function problem(
  status: number,
  code: string,
  detail?: string,
  errors?: FieldError[],
  extra?: ProblemExtras,
): ProblemBody {
  return {
    ...extra,
    type: `https://zhishe.dev/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    ...(detail ? { detail } : {}),
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

/** Ajv's errors → one entry per wrong field, named by its dotted path in the request. */
function fieldErrors(error: FastifyError): FieldError[] {
  return (error.validation ?? []).map((v) => {
    const base = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const missing = (v.params as { missingProperty?: string }).missingProperty;
    const extra = (v.params as { additionalProperty?: string }).additionalProperty;
    const leaf = missing ?? extra;
    const path = leaf ? (base ? `${base}.${leaf}` : leaf) : base || (error.validationContext ?? 'body');
    const message = missing ? 'is required' : extra ? 'is not allowed' : (v.message ?? 'is invalid');
    return { path, message, code: missing ? 'required' : v.keyword };
  });
}

/** `webIndex`: the built web app is served, so page paths fall back to its index.html. */
export function registerErrorHandling(app: FastifyInstance, options: { webIndex: boolean }): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers);
      return reply
        .code(error.status)
        .type('application/problem+json')
        .send(problem(error.status, error.code, error.message, error.errors, error.extra));
    }
    if (error.validation) {
      const errors = fieldErrors(error);
      const detail = errors.map((e) => `${e.path} ${e.message}`).join('; ');
      return reply
        .code(400)
        .type('application/problem+json')
        .send(problem(400, 'validation_failed', detail, errors));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = FASTIFY_CODES[error.code] ?? (status === 429 ? 'rate_limited' : 'bad_request');
      return reply
        .code(status)
        .type('application/problem+json')
        .send(problem(status, code, error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .code(500)
      .type('application/problem+json')
      .send(problem(500, 'internal', 'Something went wrong on our side. It has been logged.'));
  });

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    // Client-side routes of the web app (GET, outside /api/, no file extension) get its page.
    const isPage = request.method === 'GET' && !url.startsWith('/api/') && path.extname(url) === '';
    if (isPage && options.webIndex) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return reply
      .code(404)
      .type('application/problem+json')
      .send(problem(404, 'not_found', `No route ${request.method} ${url}`));
  });
}
