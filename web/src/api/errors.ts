export interface FieldError {
  path: string;
  message: string;
  code?: string;
}

/** A failed API call, parsed from an `application/problem+json` body when there is one. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail?: string;
  readonly fieldErrors: FieldError[];
  readonly retryAfterSeconds?: number;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    detail?: string;
    fieldErrors?: FieldError[];
    retryAfterSeconds?: number;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.fieldErrors = init.fieldErrors ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

function parseFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  const out: FieldError[] = [];
  for (const item of value) {
    if (!isRecord(item)) continue;
    const path = str(item.path) ?? '';
    const message = str(item.message) ?? '';
    out.push({ path, message, code: str(item.code) });
  }
  return out;
}

function fallbackCode(status: number): string {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 413) return 'body_too_large';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'internal';
  return 'unknown';
}

export function toApiError(response: Response, body: unknown): ApiError {
  const problem = isRecord(body) ? body : {};
  const retryAfter = Number(response.headers.get('retry-after'));
  const detail = str(problem.detail) ?? str(problem.message);
  return new ApiError({
    status: response.status,
    code: str(problem.code) ?? fallbackCode(response.status),
    message: detail ?? str(problem.title) ?? response.statusText,
    detail,
    fieldErrors: parseFieldErrors(problem.errors),
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  });
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;
