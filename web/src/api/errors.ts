import type { components } from './schema';

export interface FieldError {
  path: string;
  message: string;
  code?: string;
}

type Problem = components['schemas']['Problem'];

/** A plan that would open an item, offered with a `join_required` or `plan_required` refusal. */
export type OfferedPlan = NonNullable<Problem['plans']>[number];

/** What a problem body adds to its code, beyond the fields that were wrong. */
export interface ProblemExtras {
  /** With `join_required` / `plan_required`: the plans that would open the item. */
  plans?: OfferedPlan[];
  /** With `not_yet_available`: when the item opens (epoch ms). */
  availableAt?: number;
  /** Whose item it is, so a refusal can link to the community. */
  communityId?: string;
  /** With `file_too_large`: the limit for that kind of file, in bytes. */
  limitBytes?: number;
}

/** A failed API call, parsed from an `application/problem+json` body when there is one. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail?: string;
  readonly fieldErrors: FieldError[];
  readonly retryAfterSeconds?: number;
  readonly plans: OfferedPlan[];
  readonly availableAt?: number;
  readonly communityId?: string;
  readonly limitBytes?: number;

  constructor(
    init: {
      status: number;
      code: string;
      message: string;
      detail?: string;
      fieldErrors?: FieldError[];
      retryAfterSeconds?: number;
    } & ProblemExtras,
  ) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.fieldErrors = init.fieldErrors ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.plans = init.plans ?? [];
    this.availableAt = init.availableAt;
    this.communityId = init.communityId;
    this.limitBytes = init.limitBytes;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

const int = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;

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

/** Plans as the server declares them; an entry without an id or a price cannot be shown, so it is left out. */
function parsePlans(value: unknown): OfferedPlan[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (item): item is OfferedPlan =>
      isRecord(item) &&
      typeof item.id === 'string' &&
      typeof item.name === 'string' &&
      typeof item.priceMinor === 'number' &&
      typeof item.currency === 'string',
  );
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
    plans: parsePlans(problem.plans),
    availableAt: int(problem.availableAt),
    communityId: str(problem.communityId),
    limitBytes: int(problem.limitBytes),
  });
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;
