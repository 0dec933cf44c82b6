import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Container,
  Group,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../studio/components/QueryState';
import { AdminNav } from '../components/AdminNav';
import { ProviderKeysCard } from '../components/ProviderKeysCard';
import { useCommunitiesWithKeys, useCommunityProviders, useSiteProviders } from '../hooks';
import type { ProviderKeysStatus } from '../types';

function ProviderCards({
  providers,
  community,
}: {
  providers: ProviderKeysStatus[];
  community: string | null;
}) {
  return (
    <Stack gap="lg">
      {providers.map((status) => (
        <ProviderKeysCard
          key={`${community ?? 'site'}-${status.provider}`}
          status={status}
          community={community}
        />
      ))}
    </Stack>
  );
}

/** Site keys, or one community's own keys: the operator's payment settings. */
export function PaymentSettingsPage() {
  const { t } = useTranslation();
  const [scope, setScope] = useState<'site' | 'community'>('site');
  const [typed, setTyped] = useState('');
  const [community, setCommunity] = useState<string | null>(null);
  const site = useSiteProviders();
  const withKeys = useCommunitiesWithKeys();
  const chosen = useCommunityProviders(scope === 'community' ? community : null);

  return (
    <Container size="md" py="xl">
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>{t('admin.payments.title')}</Title>
          <Text c="dimmed">{t('admin.payments.intro')}</Text>
        </Stack>
        <AdminNav />
        {site.isSuccess && (
          <Card withBorder radius="md" padding="md">
            <Group gap="lg">
              <Group gap="xs">
                <Text size="sm">{t('admin.providers.test')}</Text>
                <Badge
                  variant="light"
                  color={site.data.testProvider ? 'yellow' : 'gray'}
                  data-testid="test-provider"
                >
                  {site.data.testProvider ? t('admin.payments.testOn') : t('admin.payments.testOff')}
                </Badge>
              </Group>
              <Group gap="xs">
                <Text size="sm">{t('admin.providers.manual')}</Text>
                <Badge variant="light" color="teal">
                  {t('admin.payments.alwaysOn')}
                </Badge>
              </Group>
            </Group>
            {site.data.testProvider && (
              <Text size="xs" c="dimmed" mt="xs">
                {t('admin.payments.testHint')}
              </Text>
            )}
          </Card>
        )}
        <SegmentedControl
          value={scope}
          onChange={(v) => setScope(v as 'site' | 'community')}
          data={[
            { value: 'site', label: t('admin.payments.scopeSite') },
            { value: 'community', label: t('admin.payments.scopeCommunity') },
          ]}
        />
        {scope === 'site' ? (
          site.isSuccess ? (
            <ProviderCards providers={site.data.providers} community={null} />
          ) : (
            <QueryState error={site.error} retry={() => void site.refetch()} />
          )
        ) : (
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              {t('admin.payments.communityIntro')}
            </Text>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                if (typed.trim()) setCommunity(typed.trim());
              }}
            >
              <Group align="flex-end" gap="sm">
                <TextInput
                  label={t('admin.payments.communityLabel')}
                  description={t('admin.payments.communityHint')}
                  value={typed}
                  onChange={(e) => setTyped(e.currentTarget.value)}
                  w={320}
                />
                <Button type="submit" variant="light">
                  {t('admin.payments.open')}
                </Button>
              </Group>
            </form>
            {withKeys.isSuccess && withKeys.data.items.length > 0 && (
              <Group gap="xs">
                <Text size="sm">{t('admin.payments.withOwnKeys')}</Text>
                {withKeys.data.items.map((c) => (
                  <Anchor
                    key={c.id}
                    component="button"
                    type="button"
                    size="sm"
                    onClick={() => {
                      setTyped(c.slug);
                      setCommunity(c.slug);
                    }}
                  >
                    {c.name} ({c.providers.map((p) => t(`admin.providers.${p}`)).join(', ')})
                  </Anchor>
                ))}
              </Group>
            )}
            {community &&
              (chosen.isSuccess ? (
                <Stack gap="md">
                  <Alert variant="light" title={chosen.data.community.name}>
                    {t('admin.payments.communityFallback')}
                  </Alert>
                  <ProviderCards providers={chosen.data.providers} community={chosen.data.community.id} />
                </Stack>
              ) : (
                <QueryState error={chosen.error} />
              ))}
          </Stack>
        )}
      </Stack>
    </Container>
  );
}
