import {
  Alert,
  Button,
  Card,
  Container,
  Group,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications as toast } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../ui/error-message';
import { PageLoader } from '../../../ui/PageLoader';
import { LoadError } from '../../communities/components/LoadError';
import { useMyMemberships } from '../../communities/hooks';
import { useDocumentTitle } from '../../communities/use-document-title';
import { usePreferences, useSavePreferences } from '../hooks';
import type { EmailCadence, KindPreference } from '../types';

/** Per kind: in the app on/off and the e-mail digest; per community: new content followed or muted. */
export function NotificationSettingsPage() {
  const { t } = useTranslation();
  const prefs = usePreferences();
  const save = useSavePreferences();
  const memberships = useMyMemberships(true);
  const [kinds, setKinds] = useState<KindPreference[]>([]);
  const [muted, setMuted] = useState<Set<string>>(new Set());
  useDocumentTitle(t('notifications.settings.title'));

  useEffect(() => {
    if (!prefs.data) return;
    setKinds(prefs.data.kinds);
    setMuted(new Set(prefs.data.mutedCommunityIds));
  }, [prefs.data]);

  if (prefs.isPending) return <PageLoader />;
  if (prefs.isError)
    return (
      <Container size="sm" py="xl">
        <LoadError error={prefs.error} retry={() => void prefs.refetch()} />
      </Container>
    );

  const update = (kind: string, change: Partial<KindPreference>) =>
    setKinds((current) => current.map((k) => (k.kind === kind ? { ...k, ...change } : k)));
  const communities = (memberships.data?.items ?? []) as { community: { id: string; name: string } }[];
  const cadences = (['off', 'daily', 'weekly'] as const).map((value) => ({
    value,
    label: t(`notifications.settings.email.${value}`),
  }));

  const submit = () =>
    save.mutate(
      { kinds, mutedCommunityIds: [...muted] },
      { onSuccess: () => toast.show({ color: 'teal', message: t('notifications.settings.saved') }) },
    );

  return (
    <Container size="sm" py="xl">
      <Stack gap="lg">
        <Title order={1}>{t('notifications.settings.title')}</Title>
        <Card withBorder radius="md">
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('notifications.settings.kind')}</Table.Th>
                <Table.Th>{t('notifications.settings.inApp')}</Table.Th>
                <Table.Th>{t('notifications.settings.emailDigest')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {kinds.map((k) => (
                <Table.Tr key={k.kind}>
                  <Table.Td>{t(`notifications.kinds.${k.kind}`)}</Table.Td>
                  <Table.Td>
                    <Switch
                      checked={k.inApp}
                      onChange={(e) => update(k.kind, { inApp: e.currentTarget.checked })}
                      aria-label={`${t(`notifications.kinds.${k.kind}`)}: ${t('notifications.settings.inApp')}`}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Select
                      data={cadences}
                      value={k.email}
                      allowDeselect={false}
                      onChange={(value) => value && update(k.kind, { email: value as EmailCadence })}
                      aria-label={`${t(`notifications.kinds.${k.kind}`)}: ${t('notifications.settings.emailDigest')}`}
                      w={140}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
        <Card withBorder radius="md">
          <Stack gap="sm">
            <Text fw={600}>{t('notifications.settings.communities')}</Text>
            <Text size="sm" c="dimmed">
              {t('notifications.settings.communitiesHelp')}
            </Text>
            {communities.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('notifications.settings.noCommunities')}
              </Text>
            )}
            {communities.map(({ community }) => (
              <Switch
                key={community.id}
                label={community.name}
                checked={!muted.has(community.id)}
                onChange={(e) => {
                  const follow = e.currentTarget.checked;
                  setMuted((current) => {
                    const next = new Set(current);
                    if (follow) next.delete(community.id);
                    else next.add(community.id);
                    return next;
                  });
                }}
              />
            ))}
          </Stack>
        </Card>
        {save.isError && (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(t, save.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button onClick={submit} loading={save.isPending}>
            {t('notifications.settings.save')}
          </Button>
        </Group>
      </Stack>
    </Container>
  );
}
