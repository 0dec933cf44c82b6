import { Alert, Button, Card, Group, Modal, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../../ui/error-message';
import { useLogoutEverywhere, useRevokeSession, useSessions } from '../hooks';
import { SessionItem } from './SessionItem';

export function SessionsCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const logoutAll = useLogoutEverywhere();
  const [confirming, confirm] = useDisclosure(false);

  const signOutEverywhere = async () => {
    await logoutAll.mutateAsync();
    confirm.close();
    navigate('/login', { replace: true });
  };

  // Current device first, then the most recently active.
  const items = [...(sessions.data ?? [])].sort(
    (a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt - a.lastSeenAt,
  );

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} size="h3">
              {t('profile.sessions.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('profile.sessions.subtitle')}
            </Text>
          </div>
          <Button variant="outline" color="red" size="sm" onClick={confirm.open}>
            {t('profile.sessions.logoutAll')}
          </Button>
        </Group>

        {sessions.isPending && <Skeleton height={72} radius="md" />}
        {sessions.isError && (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(t, sessions.error)}
          </Alert>
        )}
        {revoke.isError && (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(t, revoke.error)}
          </Alert>
        )}
        {items.length > 0 && (
          <Stack
            component="ul"
            gap="sm"
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
            aria-label={t('profile.sessions.title')}
          >
            {items.map((session) => (
              <SessionItem
                key={session.id}
                session={session}
                onRevoke={(id) => revoke.mutate(id)}
                revoking={revoke.isPending && revoke.variables === session.id}
              />
            ))}
          </Stack>
        )}
      </Stack>

      <Modal
        opened={confirming}
        onClose={confirm.close}
        title={t('profile.sessions.logoutAllTitle')}
        centered
      >
        <Stack gap="md">
          <Text size="sm">{t('profile.sessions.logoutAllText')}</Text>
          {logoutAll.isError && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(t, logoutAll.error)}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={confirm.close}>
              {t('common.cancel')}
            </Button>
            <Button color="red" onClick={signOutEverywhere} loading={logoutAll.isPending}>
              {t('profile.sessions.logoutAllConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
