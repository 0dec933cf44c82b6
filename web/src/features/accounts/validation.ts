import type { TFunction } from 'i18next';

export const MIN_PASSWORD_LENGTH = 8;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Quick checks before a round trip; the server remains the judge (e.g. password strength). */
export function accountValidators(t: TFunction) {
  return {
    email: (value: string) => (EMAIL_SHAPE.test(value.trim()) ? null : t('validation.emailInvalid')),
    required: (value: string) => (value.length > 0 ? null : t('validation.required')),
    displayName: (value: string) => {
      const length = value.trim().length;
      if (length === 0) return t('validation.displayNameRequired');
      return length > 50 ? t('validation.displayNameTooLong', { max: 50 }) : null;
    },
    newPassword: (value: string) =>
      value.length >= MIN_PASSWORD_LENGTH ? null : t('errors.password_too_short'),
  };
}
