import { Button, FileButton, Group, Progress, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileKind, UploadedFile } from '../types';
import { uploadFile } from '../upload';
import { uploadErrorMessage } from '../upload-errors';

const ACCEPT: Record<FileKind, string | undefined> = {
  image: 'image/png,image/jpeg,image/webp,image/gif',
  video: 'video/*',
  attachment: undefined,
};

interface UploadButtonProps {
  kind: FileKind;
  communityId: string;
  label: string;
  onUploaded: (file: UploadedFile) => Promise<unknown> | undefined;
}

/** Picks a file and uploads it, with a progress bar and the server's refusal in plain words. */
export function UploadButton({ kind, communityId, label, onUploaded }: UploadButtonProps) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);

  const upload = async (file: File | null) => {
    if (!file) return;
    setError(null);
    setFileName(file.name);
    setProgress(0);
    try {
      const uploaded = await uploadFile({ file, kind, communityId, onProgress: setProgress });
      await onUploaded(uploaded);
      setProgress(null);
      setFileName(null);
    } catch (caught) {
      setProgress(null);
      setError(uploadErrorMessage(t, kind, caught));
    }
  };

  const busy = progress !== null;
  return (
    <Stack gap={6}>
      <Group gap="sm">
        <FileButton onChange={(file) => void upload(file)} accept={ACCEPT[kind]} disabled={busy}>
          {(props) => (
            <Button variant="default" loading={busy} {...props}>
              {label}
            </Button>
          )}
        </FileButton>
        <Text size="xs" c="dimmed">
          {t('studio.upload.limitHint', { limit: t(`studio.upload.limit.${kind}`) })}
        </Text>
      </Group>
      {busy && (
        <Stack gap={2}>
          <Text size="xs" c="dimmed" truncate>
            {t('studio.upload.progress', { name: fileName ?? '', percent: progress })}
          </Text>
          <Progress
            value={progress}
            size="sm"
            animated
            aria-label={t('studio.upload.progressLabel', { name: fileName ?? '' })}
          />
        </Stack>
      )}
      {error && (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}
