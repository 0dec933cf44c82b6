import { type ApiError, isApiError } from '../../api/errors';

/**
 * A refusal to open content. The shared parser keeps what its problem body adds to the code: the
 * plans that would open it (`join_required`, `plan_required`), when it opens (`not_yet_available`)
 * and whose it is.
 */
export type AccessDenied = ApiError & { readonly status: 403 };

export const isAccessDenied = (error: unknown): error is AccessDenied =>
  isApiError(error) && error.status === 403;
