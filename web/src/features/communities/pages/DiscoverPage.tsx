import {
  Button,
  Center,
  Container,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { SearchIcon } from '../../../ui/icons';
import { CommunityCard } from '../components/CommunityCard';
import { LoadError } from '../components/LoadError';
import { MyCommunities } from '../components/MyCommunities';
import { useDiscover } from '../hooks';

function CardSkeletons() {
  return (
    <>
      {[0, 1, 2].map((n) => (
        <Skeleton key={n} h={260} radius="md" />
      ))}
    </>
  );
}

/** Listed communities, newest first, with a search box and keyset "load more". */
export function DiscoverPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const [text, setText] = useState(search.get('q') ?? '');
  const [q] = useDebouncedValue(text.trim(), 300);
  const discover = useDiscover(q);
  const items = discover.data?.pages.flatMap((page) => page.items) ?? [];

  const onChange = (value: string) => {
    setText(value);
    setSearch(value.trim() ? { q: value.trim() } : {}, { replace: true });
  };

  return (
    <Container size="lg" py="xl">
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>{t('discover.title')}</Title>
          <Text c="dimmed">{t('discover.subtitle')}</Text>
        </Stack>
        <MyCommunities />
        <TextInput
          type="search"
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
          placeholder={t('discover.searchPlaceholder')}
          aria-label={t('discover.searchLabel')}
          leftSection={<SearchIcon size={16} />}
          size="md"
          maw={520}
        />
        {discover.isError ? (
          <LoadError error={discover.error} retry={() => void discover.refetch()} />
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg" aria-busy={discover.isPending}>
            {discover.isPending ? (
              <CardSkeletons />
            ) : (
              items.map((community) => <CommunityCard key={community.id} community={community} />)
            )}
          </SimpleGrid>
        )}
        {discover.isSuccess && items.length === 0 && (
          <Center py="xl">
            <Text c="dimmed">{q ? t('discover.noResults', { q }) : t('discover.empty')}</Text>
          </Center>
        )}
        {discover.hasNextPage && (
          <Center>
            <Button
              variant="default"
              onClick={() => void discover.fetchNextPage()}
              loading={discover.isFetchingNextPage}
            >
              {t('discover.loadMore')}
            </Button>
          </Center>
        )}
      </Stack>
    </Container>
  );
}
