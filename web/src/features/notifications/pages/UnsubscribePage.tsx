import { Alert, Button, Container, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../../../ui/error-message';
import { PageLoader } from '../../../ui/PageLoader';
import { useDocumentTitle } from '../../communities/use-document-title';
import { useUnsubscribe } from '../hooks';

/** The link in a digest e-mail: turns digests off at once, no sign-in needed. */
export function UnsubscribePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const unsubscribe = useUnsubscribe();
  const sent = useRef(false);
  useDocumentTitle(t('notifications.unsubscribe.title'));

  useEffect(() => {
    if (sent.current || !token) return;
    sent.current = true;
    unsubscribe.mutate(token);
  }, [token, unsubscribe]);

  return (
    <Container size="xs" py="xl">
      <Stack gap="md">
        <Title order={1}>{t('notifications.unsubscribe.title')}</Title>
        {!token && (
          <Alert color="red" variant="light" role="alert">
            {t('errors.invalid_token')}
          </Alert>
        )}
        {token && unsubscribe.isPending && <PageLoader />}
        {unsubscribe.isError && (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(t, unsubscribe.error)}
          </Alert>
        )}
        {unsubscribe.isSuccess && (
          <Text data-testid="unsubscribed">
            {t('notifications.unsubscribe.done', { email: unsubscribe.data.email })}
          </Text>
        )}
        <Button component={Link} to="/settings/notifications" variant="default">
          {t('notifications.settings.link')}
        </Button>
      </Stack>
    </Container>
  );
}
