import { Badge, Box, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { errorMessage } from '../../../ui/error-message';
import { formatDateTime } from '../../../ui/format';
import { RichText } from '../../communities/components/RichText';
import { CommentTipButton } from '../../paid/components/CommentTipButton';
import { ReasonModal } from '../../studio/components/ReasonModal';
import { acceptAnswer, deleteComment, fetchReplies, setCommentReaction, updateComment } from '../api';
import { commentAnchorId, placeLinkedComment, useLinkedComment } from '../comment-anchor';
import { useComments, useRefreshPost } from '../hooks';
import type { Comment, CommentThread, Post } from '../types';
import { CommentForm } from './CommentForm';
import { ReactionBar } from './ReactionBar';

interface ItemProps {
  comment: Comment;
  post: Post;
  onReply?: () => void;
  refresh: () => Promise<unknown>;
  /** The comment the page was opened at (`#comment-<id>`), marked for a moment. */
  highlighted?: boolean;
}

/** How long the linked comment stays marked after the page scrolled to it. */
const HIGHLIGHT_MS = 2500;

function CommentItem({ comment, post, onReply, refresh, highlighted = false }: ItemProps) {
  const { t } = useTranslation();
  const [deleting, setDeleting] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    if (editing === null || !editing.trim()) return;
    setError(null);
    try {
      await updateComment(comment.id, editing);
      setEditing(null);
      await refresh();
    } catch (caught) {
      setError(errorMessage(t, caught));
    }
  };
  const isAnswer = post.kind === 'question' && comment.rootId === null;
  const gone = comment.state !== 'published';
  return (
    <Stack
      gap={4}
      id={commentAnchorId(comment.id)}
      data-testid="comment"
      data-highlighted={highlighted || undefined}
      aria-current={highlighted ? 'location' : undefined}
      style={{
        // Room above for the sticky header; the mark fades out when `highlighted` turns off.
        scrollMarginTop: 80,
        borderRadius: 'var(--mantine-radius-sm)',
        transition: 'background-color 1s ease',
        backgroundColor: highlighted ? 'var(--mantine-color-yellow-light)' : undefined,
      }}
    >
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          {comment.author.displayName}
        </Text>
        {comment.replyTo && (
          <Text size="sm" c="dimmed">
            {t('discussions.comments.replyTo', { name: comment.replyTo.displayName })}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {formatDateTime(comment.createdAt, currentLanguage())}
          {comment.editedAt ? ` · ${t('discussions.edited')}` : ''}
        </Text>
        {comment.accepted && <Badge color="teal">{t('discussions.answers.accepted')}</Badge>}
      </Group>
      {gone || comment.bodyHtml === null ? (
        <Text size="sm" c="dimmed" fs="italic">
          {t('discussions.comments.deleted')}
        </Text>
      ) : editing !== null ? (
        <Stack gap={4}>
          <Textarea
            aria-label={t('discussions.actions.edit')}
            value={editing}
            onChange={(event) => setEditing(event.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={10_000}
          />
          <Group gap="xs" justify="flex-end">
            <Button size="xs" variant="default" onClick={() => setEditing(null)}>
              {t('common.cancel')}
            </Button>
            <Button size="xs" onClick={() => void save()}>
              {t('discussions.actions.save')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <RichText html={comment.bodyHtml} />
      )}
      {error && (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      )}
      {!gone && (
        <Group gap="xs" wrap="wrap">
          <ReactionBar
            reactions={comment.reactions}
            mine={comment.myReactions}
            upvote={isAnswer}
            disabled={!comment.abilities.reply}
            onToggle={(kind, on) => setCommentReaction(comment.id, kind, on)}
          />
          {comment.abilities.reply && onReply && (
            <Button size="compact-xs" variant="subtle" onClick={onReply}>
              {t('discussions.comments.reply')}
            </Button>
          )}
          <CommentTipButton
            communityId={post.communityId}
            postId={post.id}
            commentId={comment.id}
            author={comment.author}
          />
          {comment.abilities.accept && !comment.accepted && (
            <Button
              size="compact-xs"
              variant="light"
              color="teal"
              onClick={() =>
                void acceptAnswer(post.id, comment.id)
                  .then(refresh)
                  .catch((caught: unknown) => setError(errorMessage(t, caught)))
              }
            >
              {t('discussions.answers.accept')}
            </Button>
          )}
          {comment.abilities.edit && comment.body !== null && editing === null && (
            <Button size="compact-xs" variant="subtle" onClick={() => setEditing(comment.body ?? '')}>
              {t('discussions.actions.edit')}
            </Button>
          )}
          {comment.abilities.delete && (
            <Button size="compact-xs" variant="subtle" color="red" onClick={() => setDeleting(true)}>
              {t('discussions.actions.delete')}
            </Button>
          )}
        </Group>
      )}
      {deleting && (
        <ReasonModal
          title={t('discussions.comments.deleteTitle')}
          submitLabel={t('discussions.actions.delete')}
          required={false}
          onClose={() => setDeleting(false)}
          onSubmit={(reason) => deleteComment(comment.id, reason || undefined).then(refresh)}
        />
      )}
    </Stack>
  );
}

/** A top-level comment (an answer, on a question) with its replies one level in, and "view more". */
function Thread({
  thread,
  post,
  refresh,
  linkedReply,
  highlightedId,
}: {
  thread: CommentThread;
  post: Post;
  refresh: () => Promise<unknown>;
  /** A reply the page was opened at that is not among the replies loaded yet. */
  linkedReply?: Comment;
  highlightedId: string | null;
}) {
  const { t } = useTranslation();
  const [more, setMore] = useState<Comment[]>([]);
  const [cursor, setCursor] = useState<string | null>(thread.repliesCursor);
  const [replyingTo, setReplyingTo] = useState<Comment | null>(null);
  const [loading, setLoading] = useState(false);
  const loaded = [...thread.replies, ...more];
  // Shown ahead of "view more" until a page brings it in its place.
  const shown =
    linkedReply && !loaded.some((reply) => reply.id === linkedReply.id) ? [...loaded, linkedReply] : loaded;
  const hidden = thread.comment.replyCount - shown.length;

  const viewMore = async () => {
    setLoading(true);
    try {
      const page = await fetchReplies(thread.comment.id, cursor);
      setMore((previous) => [...previous, ...page.items]);
      setCursor(page.nextCursor);
    } finally {
      setLoading(false);
    }
  };

  const afterReply = async () => {
    setReplyingTo(null);
    setMore([]);
    await refresh();
  };

  return (
    <Card withBorder radius="md" padding="sm" data-testid="thread">
      <CommentItem
        comment={thread.comment}
        post={post}
        refresh={refresh}
        onReply={() => setReplyingTo(thread.comment)}
        highlighted={highlightedId === thread.comment.id}
      />
      {(shown.length > 0 || replyingTo) && (
        <Box ml="lg" mt="xs" pl="sm" style={{ borderLeft: '2px solid var(--mantine-color-default-border)' }}>
          <Stack gap="sm">
            {shown.map((reply) => (
              <CommentItem
                key={reply.id}
                comment={reply}
                post={post}
                refresh={refresh}
                onReply={() => setReplyingTo(reply)}
                highlighted={highlightedId === reply.id}
              />
            ))}
            {hidden > 0 && (cursor || thread.replies.length === 0) && (
              <Button variant="subtle" size="compact-sm" loading={loading} onClick={() => void viewMore()}>
                {t('discussions.comments.viewMore', { count: hidden })}
              </Button>
            )}
            {replyingTo && (
              <CommentForm
                postId={post.id}
                parentId={replyingTo.id}
                label={t('discussions.comments.replyTo', { name: replyingTo.author.displayName })}
                submitLabel={t('discussions.comments.reply')}
                autoFocus
                onCancel={() => setReplyingTo(null)}
                onDone={afterReply}
              />
            )}
          </Stack>
        </Box>
      )}
    </Card>
  );
}

/**
 * The comments of a post (answers, on a question), newest threads last, paged. Opened at
 * `#comment-<id>` (`targetCommentId`), it scrolls to that comment and marks it briefly, fetching it
 * on its own when the loaded pages do not hold it (a reply behind "view more", a later page).
 */
export function CommentSection({
  post,
  targetCommentId = null,
}: {
  post: Post;
  targetCommentId?: string | null;
}) {
  const { t } = useTranslation();
  const comments = useComments(post.id);
  const refresh = useRefreshPost(post.id, post.communityId);
  const threads = comments.data?.pages.flatMap((page) => page.items) ?? [];
  const onLoadedPages =
    targetCommentId !== null && placeLinkedComment(threads, targetCommentId, undefined)?.kind === 'loaded';
  const linked = useLinkedComment(post.id, targetCommentId, comments.isSuccess && !onLoadedPages);
  // A link to another post's comment shows nothing here.
  const linkedComment = linked.data?.postId === post.id ? linked.data : undefined;
  const placement =
    targetCommentId === null ? null : placeLinkedComment(threads, targetCommentId, linkedComment);
  const linkedMissing =
    targetCommentId !== null && !onLoadedPages && (linked.isError || (linked.isSuccess && !linkedComment));

  const [highlightedId, setHighlightedId] = useState<string | null>(null);
  const scrolledTo = useRef<string | null>(null);
  // Once per target, as soon as its element is on the page (it may arrive with a later fetch).
  useEffect(() => {
    if (targetCommentId === null || scrolledTo.current === targetCommentId) return;
    const element = document.getElementById(commentAnchorId(targetCommentId));
    if (!element) return;
    scrolledTo.current = targetCommentId;
    element.scrollIntoView({ block: 'center' });
    setHighlightedId(targetCommentId);
  });
  useEffect(() => {
    if (highlightedId === null) return;
    const timer = window.setTimeout(() => setHighlightedId(null), HIGHLIGHT_MS);
    return () => window.clearTimeout(timer);
  }, [highlightedId]);
  const question = post.kind === 'question';
  // The accepted answer first; the rest as written.
  const ordered = question
    ? [...threads].sort((a, b) => Number(b.comment.accepted) - Number(a.comment.accepted))
    : threads;

  return (
    <Stack gap="md" component="section" aria-labelledby="comments-title">
      <Title order={2} size="h4" id="comments-title">
        {question
          ? t('discussions.answers.title', { count: post.answerCount })
          : t('discussions.comments.title', { count: post.commentCount })}
      </Title>
      {post.abilities.comment ? (
        <CommentForm
          postId={post.id}
          label={question ? t('discussions.answers.placeholder') : t('discussions.comments.placeholder')}
          submitLabel={question ? t('discussions.answers.submit') : t('discussions.comments.submit')}
          onDone={refresh}
        />
      ) : post.locked ? (
        <Text c="dimmed">{t('discussions.comments.locked')}</Text>
      ) : null}
      {comments.isError && <Text c="red">{errorMessage(t, comments.error)}</Text>}
      {linkedMissing && (
        <Text c="dimmed" size="sm" role="status">
          {t('discussions.comments.linkedMissing')}
        </Text>
      )}
      {placement?.kind === 'alone' && linkedComment && (
        <Card withBorder radius="md" padding="sm" data-testid="linked-comment">
          <Text size="xs" c="dimmed" mb={4}>
            {t('discussions.comments.linked')}
          </Text>
          <CommentItem
            comment={linkedComment}
            post={post}
            refresh={refresh}
            highlighted={highlightedId === linkedComment.id}
          />
        </Card>
      )}
      {ordered.map((thread) => (
        <Thread
          key={thread.comment.id}
          thread={thread}
          post={post}
          refresh={refresh}
          highlightedId={highlightedId}
          linkedReply={
            placement?.kind === 'thread' && placement.rootId === thread.comment.id ? linkedComment : undefined
          }
        />
      ))}
      {comments.hasNextPage && (
        <Button
          variant="default"
          loading={comments.isFetchingNextPage}
          onClick={() => void comments.fetchNextPage()}
        >
          {t('discussions.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
