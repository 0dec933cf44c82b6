import { Alert, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../ui/error-message';
import { useResendVerification } from '../hooks';
import type { User } from '../types';

/** Shown to a signed-in person whose e-mail address is not confirmed yet. */
export function VerifyEmailNotice({ user }: { user: User }) {
  const { t } = useTranslation();
  const resend = useResendVerification();
  if (user.emailVerified) return null;

  return (
    <Alert color="orange" variant="light" title={t('profile.verifyNotice.title')}>
      <Text size="sm" mb="sm">
        {t('profile.verifyNotice.text', { email: user.email })}
      </Text>
      <Group gap="sm">
        <Button
          size="xs"
          variant="white"
          color="orange"
          onClick={() => resend.mutate()}
          loading={resend.isPending}
          disabled={resend.isSuccess}
        >
          {t('profile.verifyNotice.resend')}
        </Button>
        {resend.isSuccess && (
          <Text size="sm" role="status">
            {t('profile.verifyNotice.sent')}
          </Text>
        )}
        {resend.isError && (
          <Text size="sm" c="red" role="alert">
            {errorMessage(t, resend.error)}
          </Text>
        )}
      </Group>
    </Alert>
  );
}
