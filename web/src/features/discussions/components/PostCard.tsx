import { Anchor, Badge, Card, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { formatDateTime } from '../../../ui/format';
import type { PostSummary } from '../types';

/** One post in a feed: title (or the start of its text), author, badges, counts and tags. */
export function PostCard({ post, onTag }: { post: PostSummary; onTag?: (tag: string) => void }) {
  const { t } = useTranslation();
  const heading = post.title ?? post.excerpt.slice(0, 60);
  return (
    <Card withBorder radius="md" padding="md" component="article" data-testid="post-card">
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap">
          {post.pinned && <Badge color="orange">{t('discussions.badge.pinned')}</Badge>}
          {post.featured && <Badge color="grape">{t('discussions.badge.featured')}</Badge>}
          {post.kind === 'question' && (
            <Badge color={post.acceptedCommentId ? 'teal' : 'blue'} variant="light">
              {post.acceptedCommentId ? t('discussions.badge.solved') : t('discussions.badge.question')}
            </Badge>
          )}
          {post.locked && <Badge color="gray">{t('discussions.badge.locked')}</Badge>}
          <Anchor component={Link} to={`/posts/${post.id}`} fw={600}>
            {heading || t('discussions.untitled')}
          </Anchor>
        </Group>
        {post.title && post.excerpt && (
          <Text size="sm" c="dimmed" lineClamp={2}>
            {post.excerpt}
          </Text>
        )}
        <Group gap="md" justify="space-between" wrap="wrap">
          <Text size="xs" c="dimmed">
            {t('discussions.byline', {
              name: post.author.displayName,
              time: formatDateTime(post.createdAt, currentLanguage()),
            })}
          </Text>
          <Group gap="sm">
            <Text size="xs" c="dimmed">
              {t('discussions.counts.reactions', { count: post.reactionCount })}
            </Text>
            <Text size="xs" c="dimmed">
              {post.kind === 'question'
                ? t('discussions.counts.answers', { count: post.answerCount })
                : t('discussions.counts.comments', { count: post.commentCount })}
            </Text>
          </Group>
        </Group>
        {post.tags.length > 0 && (
          <Group gap={6}>
            {post.tags.map((tag) =>
              onTag ? (
                <UnstyledButton
                  key={tag}
                  onClick={() => onTag(tag)}
                  aria-label={t('discussions.filterByTag', { tag })}
                >
                  <Badge variant="outline" size="sm" style={{ cursor: 'pointer' }}>
                    #{tag}
                  </Badge>
                </UnstyledButton>
              ) : (
                <Badge key={tag} variant="outline" size="sm">
                  #{tag}
                </Badge>
              ),
            )}
          </Group>
        )}
      </Stack>
    </Card>
  );
}
