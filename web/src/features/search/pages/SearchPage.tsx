import {
  Anchor,
  Badge,
  Button,
  Card,
  Center,
  Chip,
  Container,
  Group,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { SearchIcon } from '../../../ui/icons';
import { LoadError } from '../../communities/components/LoadError';
import { HighlightedText } from '../components/HighlightedText';
import { useSearch } from '../hooks';
import type { SearchKind, SearchResult } from '../types';

const KINDS: SearchKind[] = ['post', 'comment', 'lesson'];

function resultLink(r: SearchResult): string {
  if (r.kind === 'lesson') return `/lessons/${r.id}`;
  if (r.kind === 'comment') return `/posts/${r.parentId}#comment-${r.id}`;
  return `/posts/${r.id}`;
}

function ResultCard({ result }: { result: SearchResult }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="md" radius="md" component="article" data-testid="search-result">
      <Stack gap={6}>
        <Group gap="xs">
          <Badge variant="light" size="sm">
            {t(`search.kind.${result.kind}`)}
          </Badge>
          <Anchor component={Link} to={`/c/${result.communitySlug}`} size="sm" c="dimmed">
            {result.communityName}
          </Anchor>
        </Group>
        <Anchor component={Link} to={resultLink(result)} fw={600}>
          {result.titleHtml ? (
            <HighlightedText html={result.titleHtml} />
          ) : (
            t(result.kind === 'comment' ? 'search.untitledComment' : 'search.untitled')
          )}
        </Anchor>
        {result.snippetHtml && (
          <Text size="sm" c="dimmed" lineClamp={3}>
            <HighlightedText html={result.snippetHtml} />
          </Text>
        )}
      </Stack>
    </Card>
  );
}

/** /search?q=&community=&kind=: ranked results the viewer may open, with highlighted matches. */
export function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const community = params.get('community') ?? undefined;
  const kindParam = params.get('kind');
  const kind = KINDS.includes(kindParam as SearchKind) ? (kindParam as SearchKind) : undefined;
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const search = useSearch({ q, community, kind });
  const items = search.data?.pages.flatMap((p) => p.items) ?? [];
  const first = search.data?.pages[0];

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update({ q: text.trim() || null });
  };

  return (
    <Container size="md" py="xl">
      <Stack gap="lg">
        <Title order={1}>{t('search.title')}</Title>
        <search>
          <form onSubmit={submit}>
            <Group gap="xs" wrap="nowrap">
              <TextInput
                type="search"
                value={text}
                onChange={(event) => setText(event.currentTarget.value)}
                placeholder={t('search.placeholder')}
                aria-label={t('search.label')}
                leftSection={<SearchIcon size={16} />}
                maxLength={200}
                style={{ flex: 1 }}
              />
              <Button type="submit">{t('search.submit')}</Button>
            </Group>
          </form>
        </search>
        <Group gap="xs">
          <Chip checked={!kind} onChange={() => update({ kind: null })} size="sm">
            {t('search.kind.all')}
          </Chip>
          {KINDS.map((k) => (
            <Chip key={k} checked={kind === k} onChange={() => update({ kind: k })} size="sm">
              {t(`search.kind.${k}`)}
            </Chip>
          ))}
          {community && (
            <Chip checked onChange={() => update({ community: null })} size="sm" color="teal">
              {t('search.inCommunity')}
            </Chip>
          )}
        </Group>
        {q === '' ? (
          <Text c="dimmed">{t('search.hint')}</Text>
        ) : search.isError ? (
          <LoadError error={search.error} retry={() => void search.refetch()} />
        ) : search.isPending ? (
          <Stack aria-busy>
            {[0, 1, 2].map((n) => (
              <Skeleton key={n} h={96} radius="md" />
            ))}
          </Stack>
        ) : (
          <Stack gap="sm">
            <Text size="sm" c="dimmed" aria-live="polite" data-testid="search-count">
              {first?.totalCapped
                ? t('search.countCapped', { count: first.total })
                : t('search.count', { count: first?.total ?? 0, q })}
            </Text>
            {items.map((r) => (
              <ResultCard key={`${r.kind}:${r.id}`} result={r} />
            ))}
            {items.length === 0 && (
              <Center py="xl">
                <Text c="dimmed">{t('search.noResults', { q })}</Text>
              </Center>
            )}
            {search.hasNextPage && (
              <Center>
                <Button
                  variant="default"
                  onClick={() => void search.fetchNextPage()}
                  loading={search.isFetchingNextPage}
                >
                  {t('search.loadMore')}
                </Button>
              </Center>
            )}
          </Stack>
        )}
      </Stack>
    </Container>
  );
}
