import { ApiError, toApiError } from '../../api/errors';
import type { OfferedPlan, Problem } from './types';

/**
 * A refusal to open content, with what the problem body adds to the code: the plans that would
 * open it (`join_required`, `plan_required`), when it opens (`not_yet_available`), and whose it is.
 */
export class AccessDenied extends ApiError {
  readonly plans: OfferedPlan[];
  readonly availableAt?: number;
  readonly communityId?: string;

  constructor(base: ApiError, problem: Partial<Problem>) {
    super({
      status: base.status,
      code: base.code,
      message: base.message,
      detail: base.detail,
      fieldErrors: base.fieldErrors,
      retryAfterSeconds: base.retryAfterSeconds,
    });
    this.name = 'AccessDenied';
    this.plans = Array.isArray(problem.plans) ? problem.plans : [];
    this.availableAt = typeof problem.availableAt === 'number' ? problem.availableAt : undefined;
    this.communityId = typeof problem.communityId === 'string' ? problem.communityId : undefined;
  }
}

export const isAccessDenied = (error: unknown): error is AccessDenied => error instanceof AccessDenied;

/** The error for a failed response: AccessDenied for a 403, a plain ApiError otherwise. */
export function contentError(response: Response, body: unknown): ApiError {
  const base = toApiError(response, body);
  if (response.status !== 403 || typeof body !== 'object' || body === null) return base;
  return new AccessDenied(base, body as Partial<Problem>);
}
