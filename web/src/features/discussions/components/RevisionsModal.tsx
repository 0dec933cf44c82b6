import { Card, Modal, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { errorMessage } from '../../../ui/error-message';
import { formatDateTime } from '../../../ui/format';
import { fetchRevisions } from '../api';

/** Earlier versions of a post, newest first, as their markdown source (author and moderators). */
export function RevisionsModal({ postId, onClose }: { postId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const revisions = useQuery({
    queryKey: ['discussions', 'revisions', postId],
    queryFn: () => fetchRevisions(postId),
  });
  const items = revisions.data?.items ?? [];
  return (
    <Modal opened onClose={onClose} title={t('discussions.history.title')} size="lg">
      <Stack gap="sm">
        {revisions.isError && <Text c="red">{errorMessage(t, revisions.error)}</Text>}
        {revisions.isSuccess && items.length === 0 && (
          <Text c="dimmed">{t('discussions.history.empty')}</Text>
        )}
        {items.map((revision) => (
          <Card key={revision.id} withBorder padding="sm">
            <Text size="xs" c="dimmed">
              {t('discussions.history.replacedBy', {
                name: revision.editor.displayName,
                time: formatDateTime(revision.createdAt, currentLanguage()),
              })}
            </Text>
            {revision.title && <Text fw={600}>{revision.title}</Text>}
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {revision.body}
            </Text>
          </Card>
        ))}
      </Stack>
    </Modal>
  );
}
