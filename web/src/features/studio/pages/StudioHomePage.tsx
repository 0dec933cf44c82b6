import { Button, Card, Container, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../accounts/hooks';
import { ManagedCommunityCard } from '../components/ManagedCommunityCard';
import { QueryState } from '../components/QueryState';
import { useManagedCommunities } from '../hooks';

export function StudioHomePage() {
  const { t } = useTranslation();
  const { data: user } = useMe();
  const mine = useManagedCommunities(user?.id);
  const items = mine.data?.pages.flatMap((page) => page.items) ?? [];

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
          items.length === 0 ? (
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
              {items.map((community) => (
                <ManagedCommunityCard key={community.id} community={community} />
              ))}
            </SimpleGrid>
          )
        ) : (
          <QueryState error={mine.error} retry={() => void mine.refetch()} />
        )}
        {mine.hasNextPage && (
          <Button
            variant="default"
            onClick={() => void mine.fetchNextPage()}
            loading={mine.isFetchingNextPage}
          >
            {t('studio.loadMore')}
          </Button>
        )}
      </Stack>
    </Container>
  );
}
