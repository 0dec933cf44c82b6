import { Button, Card, Collapse, Container, Group, Stack, Text, Title } from '@mantine/core';
import type { UseInfiniteQueryResult } from '@tanstack/react-query';
import { Fragment, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../communities/components/LoadError';
import { BackToCommunity } from './CommunityGate';

interface Page<T> {
  items: T[];
}

/**
 * A community's list of one kind of activity (polls, challenges, assignments): a title, a "new"
 * button that opens the creation form for those who may create, the items page by page, and
 * "more" while there are further pages.
 */
export function ActivityListPage<T extends { id: string }>({
  slug,
  title,
  newLabel,
  emptyLabel,
  list,
  canCreate,
  renderForm,
  renderItem,
}: {
  slug: string;
  title: string;
  newLabel: string;
  emptyLabel: string;
  list: UseInfiniteQueryResult<{ pages: Page<T>[] }, Error>;
  canCreate: boolean;
  /** The creation form; `onCreated` closes it. */
  renderForm: (onCreated: () => void) => ReactNode;
  renderItem: (item: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Container size="md" py="xl">
      <Stack gap="lg">
        <BackToCommunity idOrSlug={slug} />
        <Group justify="space-between">
          <Title order={1}>{title}</Title>
          {canCreate && (
            <Button variant={creating ? 'default' : 'filled'} onClick={() => setCreating((c) => !c)}>
              {creating ? t('common.cancel') : newLabel}
            </Button>
          )}
        </Group>
        {canCreate && (
          <Collapse expanded={creating}>
            <Card withBorder radius="md">
              {renderForm(() => setCreating(false))}
            </Card>
          </Collapse>
        )}
        {list.isError && <LoadError error={list.error} retry={() => void list.refetch()} />}
        {list.isSuccess && items.length === 0 && <Text c="dimmed">{emptyLabel}</Text>}
        {items.map((item) => (
          <Fragment key={item.id}>{renderItem(item)}</Fragment>
        ))}
        {list.hasNextPage && (
          <Button
            variant="subtle"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            {t('activities.more')}
          </Button>
        )}
      </Stack>
    </Container>
  );
}
