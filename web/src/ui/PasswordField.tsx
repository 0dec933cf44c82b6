import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Mantine's PasswordInput, with the show/hide button labelled in the reader's language and
 * `aria-invalid` on the input itself (Mantine marks only its data attribute).
 */
export function PasswordField(props: PasswordInputProps) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      visibilityToggleButtonProps={{ 'aria-label': t('fields.togglePasswordVisibility') }}
      aria-invalid={props.error ? true : undefined}
      {...props}
    />
  );
}
