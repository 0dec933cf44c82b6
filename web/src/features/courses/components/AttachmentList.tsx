import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DownloadIcon } from '../../../ui/icons';
import type { Attachment } from '../types';

/** A lesson's files, each a download link (the file route checks access again). */
export function AttachmentList({ attachments }: { attachments: Attachment[] }) {
  const { t } = useTranslation();
  if (attachments.length === 0) return null;
  return (
    <Card withBorder radius="md" component="section" aria-labelledby="attachments-title">
      <Title order={2} size="h5" id="attachments-title" mb="xs">
        {t('lesson.attachments')}
      </Title>
      <Stack gap={6}>
        {attachments.map((file) => (
          <Anchor
            key={file.fileId}
            href={`/api/files/${file.fileId}`}
            download={file.name}
            aria-label={t('lesson.download', { name: file.name })}
          >
            <Group gap={8} wrap="nowrap">
              <DownloadIcon size={16} />
              <Text span inherit truncate>
                {file.name}
              </Text>
            </Group>
          </Anchor>
        ))}
      </Stack>
    </Card>
  );
}
