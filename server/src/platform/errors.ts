/** One field that was wrong, named by its path in the request (e.g. `email`). */
export interface FieldError {
  path: string;
  message: string;
  code?: string;
}

/** A plan a visitor could join with, offered on a `join_required` refusal. */
export interface OfferedPlan {
  id: string;
  name: string;
  kind: string;
  priceMinor: number;
  currency: string;
  termDays: number | null;
  interval: string | null;
  trialDays: number;
}

export interface ProblemExtras {
  plans?: OfferedPlan[];
  /** Epoch ms when a dripped or scheduled item opens. */
  availableAt?: number;
  communityId?: string;
  /** With `file_too_large`: the limit that was passed, in bytes. */
  limitBytes?: number;
}

/**
 * Every expected failure is an AppError with a stable machine `code`; the HTTP layer turns it
 * into application/problem+json. Anything else is a 500 with no details sent to the client.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
    /** Extra members of the problem body, declared in the Problem schema (e.g. `plans` to offer). */
    readonly extra?: ProblemExtras,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, errors?: FieldError[]) =>
  new AppError(400, code, message, errors);
export const invalidField = (path: string, code: string, message: string) =>
  new AppError(400, 'validation_failed', message, [{ path, code, message }]);
export const unauthenticated = (message = 'Sign in to continue.') =>
  new AppError(401, 'unauthenticated', message);
export const forbidden = (code = 'forbidden', message = 'You may not do this.') =>
  new AppError(403, code, message);
export const notFound = (what: string) => new AppError(404, 'not_found', `No such ${what}.`);
export const conflict = (code: string, message: string, errors?: FieldError[]) =>
  new AppError(409, code, message, errors);
export const tooManyRequests = (retryAfterMs: number) => {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError(429, 'rate_limited', `Too many attempts. Try again in ${seconds} s.`, undefined, {
    'retry-after': String(seconds),
  });
};
