import { Button, Card, Container, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../accounts/hooks';
import { ManagedCommunityCard } from '../components/ManagedCommunityCard';
import { QueryState } from '../components/QueryState';
import { studioKeys } from '../hooks';
import { fetchManagedCommunities } from '../mine';

export function StudioHomePage() {
  const { t } = useTranslation();
  const { data: user } = useMe();
  const userId = user?.id ?? '';
  const mine = useQuery({
    queryKey: [...studioKeys.mine, userId],
    queryFn: () => fetchManagedCommunities(userId),
    enabled: Boolean(userId),
  });

  return (
    <Container size="lg" py="xl">
      <Stack gap="xl">
        <Group justify="space-between" align="flex-end">
          <Stack gap={4}>
            <Title order={1}>{t('studio.mine.title')}</Title>
            <Text c="dimmed">{t('studio.mine.subtitle')}</Text>
          </Stack>
          <Button component={Link} to="/studio/new">
            {t('studio.mine.create')}
          </Button>
        </Group>
        {mine.isSuccess ? (
          mine.data.length === 0 ? (
            <Card withBorder radius="md" padding="xl">
              <Stack align="center" gap="sm">
                <Title order={2} size="h4">
                  {t('studio.mine.emptyTitle')}
                </Title>
                <Text c="dimmed" ta="center" maw={480}>
                  {t('studio.mine.emptyText')}
                </Text>
                <Button component={Link} to="/studio/new" variant="light">
                  {t('studio.mine.create')}
                </Button>
              </Stack>
            </Card>
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg">
              {mine.data.map((landing) => (
                <ManagedCommunityCard key={landing.community.id} landing={landing} />
              ))}
            </SimpleGrid>
          )
        ) : (
          <QueryState error={mine.error} retry={() => void mine.refetch()} />
        )}
      </Stack>
    </Container>
  );
}
