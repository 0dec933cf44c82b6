import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { isApiError } from '../api/errors';
import { errorMessage, fieldErrorMessage } from './error-message';

/** The part of a Mantine form this helper needs. */
export interface ErrorTarget {
  getValues: () => object;
  setErrors: (errors: Record<string, ReactNode>) => void;
}

export interface ServerErrorOptions {
  /** Top-level error codes that belong to one field, e.g. invalid_credentials → currentPassword. */
  codeToField?: Partial<Record<string, string>>;
  /** Server field names that differ from the form's, e.g. password → newPassword. */
  pathToField?: Partial<Record<string, string>>;
}

/** `/body/email`, `body.email`, `email` → `email` */
export function fieldNameFromPath(path: string): string {
  const parts = path.split(/[/.]/).filter((part) => part.length > 0 && part !== 'body');
  return parts[parts.length - 1] ?? '';
}

/**
 * Puts a server's field errors next to their inputs. Returns the message to show above the
 * form for what could not be placed on a field, or null when every error found its field.
 */
export function applyServerErrors(
  form: ErrorTarget,
  error: unknown,
  t: TFunction,
  options: ServerErrorOptions = {},
): string | null {
  const fields = form.getValues();
  const has = (name: string): boolean => Object.hasOwn(fields, name);
  const errors: Record<string, ReactNode> = {};
  let unplaced = false;

  if (isApiError(error)) {
    for (const fieldError of error.fieldErrors) {
      const raw = fieldNameFromPath(fieldError.path);
      const name = options.pathToField?.[raw] ?? raw;
      if (has(name) && errors[name] === undefined) errors[name] = fieldErrorMessage(t, fieldError);
      else if (!has(name)) unplaced = true;
    }
    const codeField = options.codeToField?.[error.code];
    if (codeField && has(codeField)) errors[codeField] = errorMessage(t, error);
  }

  const placed = Object.keys(errors).length > 0;
  form.setErrors(errors);
  if (placed && !unplaced) return null;
  return errorMessage(t, error);
}
