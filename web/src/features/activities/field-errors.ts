import type { TFunction } from 'i18next';
import { isApiError } from '../../api/errors';
import { fieldErrorMessage } from '../../ui/error-message';

/** The server's message for one field of a failed request (`options.1`, `endDate`…), if any. */
export function fieldError(t: TFunction, error: unknown, field: string): string | undefined {
  if (!isApiError(error)) return undefined;
  const found = error.fieldErrors.find(
    (e) => e.path.replace(/^\/?(body[./])?/, '').replaceAll('/', '.') === field,
  );
  return found ? fieldErrorMessage(t, found) : undefined;
}
