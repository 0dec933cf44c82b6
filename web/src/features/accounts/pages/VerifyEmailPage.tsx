import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { AuthCard } from '../../../ui/AuthCard';
import { errorMessage } from '../../../ui/error-message';
import { useMe, useVerifyEmail } from '../hooks';

export function VerifyEmailPage() {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const token = search.get('token') ?? '';
  const verify = useVerifyEmail();
  const me = useMe();
  const started = useRef(false);

  useEffect(() => {
    // A token is single-use: send it once, even when React runs effects twice in development.
    if (!token || started.current) return;
    started.current = true;
    verify.mutate(token);
  }, [token, verify]);

  const next = me.data ? '/profile' : '/login';
  const nextLabel = me.data ? t('verify.goProfile') : t('verify.goLogin');

  const body = () => {
    if (!token) {
      return (
        <Alert color="red" variant="light" role="alert">
          {t('verify.missingToken')}
        </Alert>
      );
    }
    if (verify.isError) {
      return (
        <Alert color="red" variant="light" role="alert">
          {errorMessage(t, verify.error)}
        </Alert>
      );
    }
    if (verify.isSuccess) {
      return (
        <Alert color="teal" variant="light" title={t('verify.successTitle')} role="status">
          <Text size="sm">{t('verify.success', { email: verify.data.email })}</Text>
        </Alert>
      );
    }
    return (
      <Group justify="center" gap="sm" py="md">
        <Loader size="sm" />
        <Text>{t('verify.verifying')}</Text>
      </Group>
    );
  };

  return (
    <AuthCard title={t('verify.title')}>
      <Stack gap="md">
        {body()}
        {(verify.isSuccess || verify.isError || !token) && (
          <Button component={Link} to={next} variant="light" fullWidth>
            {nextLabel}
          </Button>
        )}
      </Stack>
    </AuthCard>
  );
}
