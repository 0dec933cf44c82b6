import { Badge, Button, CloseButton, Container, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../../api/errors';
import { NotFoundPage } from '../../../app/NotFoundPage';
import { errorMessage } from '../../../ui/error-message';
import { PageLoader } from '../../../ui/PageLoader';
import { LoadError } from '../../communities/components/LoadError';
import { MemberWall } from '../../communities/components/MemberWall';
import { useCommunity } from '../../communities/hooks';
import { useDocumentTitle } from '../../communities/use-document-title';
import { PostCard } from '../components/PostCard';
import { PostComposer } from '../components/PostComposer';
import { ReviewQueue } from '../components/ReviewQueue';
import { useFeed } from '../hooks';
import { FEED_SORTS, type FeedSort } from '../types';

const isSort = (value: string | null): value is FeedSort => FEED_SORTS.includes(value as FeedSort);

/** A community's discussions: the composer, then the feed by latest / featured / hot / unanswered, by tag. */
export function FeedPage() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const [params, setParams] = useSearchParams();
  const landing = useCommunity(slug);
  const sortParam = params.get('sort');
  const sort: FeedSort = isSort(sortParam) ? sortParam : 'latest';
  const tag = params.get('tag') ?? undefined;
  const community = landing.data?.community;
  const viewer = landing.data?.viewer;
  const mayRead = Boolean(viewer && (viewer.isMember || viewer.role));
  const feed = useFeed(mayRead ? community?.id : undefined, { sort, tag });
  useDocumentTitle(community ? t('discussions.pageTitle', { name: community.name }) : undefined);

  const setFilter = (next: { sort?: FeedSort; tag?: string | null }) => {
    const merged = new URLSearchParams(params);
    if (next.sort) merged.set('sort', next.sort);
    if (next.tag === null) merged.delete('tag');
    else if (next.tag) merged.set('tag', next.tag);
    setParams(merged);
  };

  if (landing.isPending) return <PageLoader />;
  if (landing.isError) {
    if (isApiError(landing.error) && landing.error.status === 404) return <NotFoundPage />;
    return (
      <Container size="sm" py="xl">
        <LoadError error={landing.error} retry={() => void landing.refetch()} />
      </Container>
    );
  }
  if (!community || !mayRead) return landing.data ? <MemberWall community={landing.data.community} /> : null;
  const pinned = feed.data?.pages[0]?.pinned ?? [];
  const pinnedIds = new Set(pinned.map((p) => p.id));
  const items = (feed.data?.pages.flatMap((page) => page.items) ?? []).filter((p) => !pinnedIds.has(p.id));
  const moderator = viewer?.role === 'owner' || viewer?.role === 'moderator';

  return (
    <Container size="md" py="xl">
      <Stack gap="lg">
        <Group justify="space-between" align="flex-end">
          <Stack gap={2}>
            <Text size="sm">
              <Link to={`/c/${community.slug}/home`}>{community.name}</Link>
            </Text>
            <Title order={1} size="h2">
              {t('discussions.title')}
            </Title>
          </Stack>
        </Group>
        <PostComposer communityId={community.id} />
        {moderator && <ReviewQueue communityId={community.id} />}
        <Tabs value={sort} onChange={(value) => isSort(value) && setFilter({ sort: value })}>
          <Tabs.List>
            {FEED_SORTS.map((s) => (
              <Tabs.Tab key={s} value={s}>
                {t(`discussions.sort.${s}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        {tag && (
          <Group gap="xs">
            <Text size="sm">{t('discussions.taggedWith')}</Text>
            <Badge
              variant="outline"
              rightSection={
                <CloseButton
                  size="xs"
                  aria-label={t('discussions.clearTag')}
                  onClick={() => setFilter({ tag: null })}
                />
              }
            >
              #{tag}
            </Badge>
          </Group>
        )}
        {feed.isPending ? (
          <PageLoader />
        ) : feed.isError ? (
          <Text c="red">{errorMessage(t, feed.error)}</Text>
        ) : (
          <Stack gap="sm" data-testid="feed">
            {pinned.map((post) => (
              <PostCard key={post.id} post={post} onTag={(value) => setFilter({ tag: value })} />
            ))}
            {items.map((post) => (
              <PostCard key={post.id} post={post} onTag={(value) => setFilter({ tag: value })} />
            ))}
            {pinned.length + items.length === 0 && <Text c="dimmed">{t(`discussions.empty.${sort}`)}</Text>}
            {feed.hasNextPage && (
              <Button
                variant="default"
                loading={feed.isFetchingNextPage}
                onClick={() => void feed.fetchNextPage()}
              >
                {t('discussions.loadMore')}
              </Button>
            )}
          </Stack>
        )}
      </Stack>
    </Container>
  );
}
