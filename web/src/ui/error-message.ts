import type { TFunction } from 'i18next';
import { type FieldError, isApiError } from '../api/errors';
import i18n from '../i18n';

const translated = (t: TFunction, key: string): string | null => (i18n.exists(key) ? t(key) : null);

/** A person-readable message for any failure: translated by code, else the server's own text. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (isApiError(error)) {
    if (error.code === 'rate_limited' && error.retryAfterSeconds) {
      return t('errors.rate_limited_retry', { seconds: error.retryAfterSeconds });
    }
    return translated(t, `errors.${error.code}`) ?? error.detail ?? (error.message || t('errors.unknown'));
  }
  if (error instanceof TypeError) return t('errors.network');
  return t('errors.unknown');
}

/** A field error: the translated code, plus the server's reason when the code alone says too little. */
export function fieldErrorMessage(t: TFunction, error: FieldError): string {
  const byCode = error.code ? translated(t, `errors.${error.code}`) : null;
  if (!byCode) return error.message || t('errors.validation_failed');
  // The server explains a weak password in English ("is too easy to guess: <why>"): add the why.
  const why = error.message.split(': ').slice(1).join(': ').trim();
  if (error.code === 'password_weak' && why && i18n.language === 'en') return `${byCode} ${why}`;
  return byCode;
}
