import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Container,
  Group,
  Menu,
  Stack,
  Text,
  Textarea,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../../api/errors';
import { NotFoundPage } from '../../../app/NotFoundPage';
import { currentLanguage } from '../../../i18n';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { formatDateTime } from '../../../ui/format';
import { ChevronDownIcon, LockIcon } from '../../../ui/icons';
import { PageLoader } from '../../../ui/PageLoader';
import { RichText } from '../../communities/components/RichText';
import { useDocumentTitle } from '../../communities/use-document-title';
import { TipSummaryBar } from '../../paid/components/TipSummaryBar';
import { ReasonModal } from '../../studio/components/ReasonModal';
import { approvePost, deletePost, rejectPost, setPostReaction, updatePost } from '../api';
import { commentIdFromHash } from '../comment-anchor';
import { CommentSection } from '../components/CommentSection';
import { ReactionBar } from '../components/ReactionBar';
import { RevisionsModal } from '../components/RevisionsModal';
import { useModeratePost, usePost, useRefreshPost } from '../hooks';
import type { Post } from '../types';

function JoinWall({ communityId }: { communityId?: string }) {
  const { t } = useTranslation();
  return (
    <Container size="sm" py="xl">
      <Card withBorder radius="lg" padding="xl" data-testid="access-wall">
        <Stack gap="md">
          <ThemeIcon size={48} radius="xl" variant="light" color="orange">
            <LockIcon size={24} />
          </ThemeIcon>
          <Title order={1} size="h2">
            {t('discussions.wall.title')}
          </Title>
          <Text c="dimmed">{t('discussions.wall.text')}</Text>
          {communityId && (
            <Button component={Link} to={`/c/${communityId}`}>
              {t('discussions.wall.join')}
            </Button>
          )}
        </Stack>
      </Card>
    </Container>
  );
}

function EditForm({ post, onDone }: { post: Post; onDone: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshPost(post.id, post.communityId);
  const [title, setTitle] = useState(post.title ?? '');
  const [body, setBody] = useState(post.body ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await updatePost(post.id, { title: title.trim() ? title.trim() : null, body });
      await refresh();
      onDone();
    } catch (caught) {
      setError(errorMessage(t, caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <Stack gap="sm">
        <FormError message={error} />
        <TextInput
          label={t('discussions.composer.titleLabel')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
        <Textarea
          label={t('discussions.composer.bodyLabel')}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          autosize
          minRows={6}
          maxLength={20_000}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('discussions.actions.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function PostActions({ post, onEdit }: { post: Post; onEdit: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const moderate = useModeratePost(post.id, post.communityId);
  const [deleting, setDeleting] = useState(false);
  const [history, setHistory] = useState(false);
  const { abilities } = post;
  if (!abilities.edit && !abilities.delete && !abilities.pin && !abilities.feature && !abilities.lock)
    return null;
  return (
    <>
      <Menu position="bottom-end">
        <Menu.Target>
          <Button variant="default" size="xs" rightSection={<ChevronDownIcon size={14} />}>
            {t('discussions.actions.menu')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {abilities.edit && <Menu.Item onClick={onEdit}>{t('discussions.actions.edit')}</Menu.Item>}
          {(abilities.edit || abilities.moderate) && post.editedAt !== null && (
            <Menu.Item onClick={() => setHistory(true)}>{t('discussions.history.title')}</Menu.Item>
          )}
          {abilities.pin && post.state === 'published' && (
            <Menu.Item onClick={() => moderate.mutate({ pinned: !post.pinned })}>
              {post.pinned ? t('discussions.actions.unpin') : t('discussions.actions.pin')}
            </Menu.Item>
          )}
          {abilities.feature && post.state === 'published' && (
            <Menu.Item onClick={() => moderate.mutate({ featured: !post.featured })}>
              {post.featured ? t('discussions.actions.unfeature') : t('discussions.actions.feature')}
            </Menu.Item>
          )}
          {abilities.lock && post.state === 'published' && (
            <Menu.Item onClick={() => moderate.mutate({ locked: !post.locked })}>
              {post.locked ? t('discussions.actions.unlock') : t('discussions.actions.lock')}
            </Menu.Item>
          )}
          {abilities.delete && (
            <Menu.Item color="red" onClick={() => setDeleting(true)}>
              {t('discussions.actions.delete')}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      {history && <RevisionsModal postId={post.id} onClose={() => setHistory(false)} />}
      {deleting && (
        <ReasonModal
          title={t('discussions.actions.deleteTitle')}
          submitLabel={t('discussions.actions.delete')}
          required={false}
          onClose={() => setDeleting(false)}
          onSubmit={(reason) => deletePost(post.id, reason || undefined).then(() => navigate(-1))}
        />
      )}
    </>
  );
}

/** One post: its text, reactions, the author's and moderators' actions, then the threaded comments. */
export function PostPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { hash } = useLocation();
  const post = usePost(id);
  const refresh = useRefreshPost(id ?? '', post.data?.communityId);
  const [editing, setEditing] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useDocumentTitle(post.data ? (post.data.title ?? t('discussions.untitled')) : undefined);

  if (post.isPending) return <PageLoader />;
  if (post.isError) {
    if (isApiError(post.error) && post.error.status === 403)
      return <JoinWall communityId={post.error.communityId} />;
    if (isApiError(post.error) && post.error.status === 404) return <NotFoundPage />;
    return (
      <Container size="sm" py="xl">
        <Text c="red">{errorMessage(t, post.error)}</Text>
      </Container>
    );
  }
  const p = post.data;

  return (
    <Container size="md" py="xl">
      <Stack gap="lg">
        <Anchor component={Link} to={`/c/${p.communityId}/posts`} size="sm">
          {t('discussions.backToFeed')}
        </Anchor>
        {p.state !== 'published' && (
          <Alert color={p.state === 'in_review' ? 'yellow' : 'red'} role="status">
            {t(`discussions.state.${p.state}`)}
            {p.stateReason ? ` — ${p.stateReason}` : ''}
          </Alert>
        )}
        {error && <FormError message={error} />}
        <Card withBorder radius="md" padding="lg" component="article">
          <Stack gap="sm">
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Stack gap={4}>
                <Group gap="xs">
                  {p.pinned && <Badge color="orange">{t('discussions.badge.pinned')}</Badge>}
                  {p.featured && <Badge color="grape">{t('discussions.badge.featured')}</Badge>}
                  {p.kind === 'question' && <Badge variant="light">{t('discussions.badge.question')}</Badge>}
                  {p.locked && <Badge color="gray">{t('discussions.badge.locked')}</Badge>}
                </Group>
                {p.title && (
                  <Title order={1} size="h2">
                    {p.title}
                  </Title>
                )}
                <Text size="sm" c="dimmed">
                  {t('discussions.byline', {
                    name: p.author.displayName,
                    time: formatDateTime(p.createdAt, currentLanguage()),
                  })}
                  {p.editedAt ? ` · ${t('discussions.edited')}` : ''}
                </Text>
              </Stack>
              <PostActions post={p} onEdit={() => setEditing(true)} />
            </Group>
            {editing ? (
              <EditForm post={p} onDone={() => setEditing(false)} />
            ) : (
              <RichText html={p.bodyHtml} />
            )}
            {p.attachments.length > 0 && (
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  {t('discussions.attachments')}
                </Text>
                {p.attachments.map((file) => (
                  <Anchor key={file.id} href={`/api/files/${file.id}`} size="sm">
                    {file.name}
                  </Anchor>
                ))}
              </Stack>
            )}
            {p.tags.length > 0 && (
              <Group gap={6}>
                {p.tags.map((tag) => (
                  <Badge
                    key={tag}
                    variant="outline"
                    size="sm"
                    component={Link}
                    to={`/c/${p.communityId}/posts?tag=${encodeURIComponent(tag)}`}
                    style={{ cursor: 'pointer' }}
                  >
                    #{tag}
                  </Badge>
                ))}
              </Group>
            )}
            <ReactionBar
              reactions={p.reactions}
              mine={p.myReactions}
              disabled={p.state !== 'published'}
              onToggle={(kind, on) => setPostReaction(p.id, kind, on)}
            />
            {p.state === 'published' && (
              <TipSummaryBar communityId={p.communityId} postId={p.id} authorName={p.author.displayName} />
            )}
            {p.state === 'in_review' && p.abilities.moderate && (
              <Group gap="xs">
                <Button
                  size="xs"
                  onClick={() =>
                    void approvePost(p.id)
                      .then(refresh)
                      .catch((caught: unknown) => setError(errorMessage(t, caught)))
                  }
                >
                  {t('discussions.review.approve')}
                </Button>
                <Button size="xs" variant="default" onClick={() => setRejecting(true)}>
                  {t('discussions.review.reject')}
                </Button>
              </Group>
            )}
          </Stack>
        </Card>
        {p.state === 'published' && <CommentSection post={p} targetCommentId={commentIdFromHash(hash)} />}
      </Stack>
      {rejecting && (
        <ReasonModal
          title={t('discussions.review.rejectTitle')}
          submitLabel={t('discussions.review.reject')}
          required
          onClose={() => setRejecting(false)}
          onSubmit={(reason) => rejectPost(p.id, reason).then(refresh)}
        />
      )}
    </Container>
  );
}
