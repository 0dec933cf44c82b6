import { Anchor, Card, CloseButton, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../ui/error-message';
import { addAttachment, removeAttachment } from '../api';
import type { Attachment } from '../types';
import { UploadButton } from './UploadButton';

interface AttachmentsCardProps {
  lessonId: string;
  communityId: string;
  attachments: Attachment[];
  onChanged: () => Promise<unknown>;
}

/** Files that come with a lesson: upload to add, remove to detach. */
export function AttachmentsCard({ lessonId, communityId, attachments, onChanged }: AttachmentsCardProps) {
  const { t } = useTranslation();
  const remove = useMutation({
    mutationFn: (fileId: string) => removeAttachment(lessonId, fileId),
    onSuccess: onChanged,
  });

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="sm">
        <Title order={2} size="h5">
          {t('studio.lesson.attachments')}
        </Title>
        {attachments.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('studio.lesson.noAttachments')}
          </Text>
        ) : (
          <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {attachments.map((file) => (
              <Group key={file.fileId} component="li" justify="space-between" wrap="nowrap">
                <Anchor
                  href={`/api/files/${file.fileId}`}
                  target="_blank"
                  rel="noreferrer"
                  size="sm"
                  truncate
                >
                  {file.name}
                </Anchor>
                <Tooltip label={t('studio.lesson.removeAttachment', { name: file.name })}>
                  <CloseButton
                    aria-label={t('studio.lesson.removeAttachment', { name: file.name })}
                    onClick={() => remove.mutate(file.fileId)}
                    disabled={remove.isPending}
                  />
                </Tooltip>
              </Group>
            ))}
          </Stack>
        )}
        {remove.isError && (
          <Text size="sm" c="red" role="alert">
            {errorMessage(t, remove.error)}
          </Text>
        )}
        <UploadButton
          kind="attachment"
          communityId={communityId}
          label={t('studio.lesson.addAttachment')}
          onUploaded={async (file) => {
            await addAttachment(lessonId, file.id, file.name);
            await onChanged();
          }}
        />
      </Stack>
    </Card>
  );
}
