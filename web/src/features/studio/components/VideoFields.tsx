import { Anchor, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { UploadButton } from './UploadButton';

export type VideoMode = 'none' | 'upload' | 'url';

interface VideoFieldsProps {
  mode: VideoMode;
  fileId: string | null;
  url: string;
  communityId: string;
  urlError?: ReactNode;
  onMode: (mode: VideoMode) => void;
  onFileId: (fileId: string) => void;
  onUrl: (url: string) => void;
}

/** A lesson's video: none, an uploaded file, or a link to one hosted elsewhere. */
export function VideoFields({
  mode,
  fileId,
  url,
  communityId,
  urlError,
  onMode,
  onFileId,
  onUrl,
}: VideoFieldsProps) {
  const { t } = useTranslation();
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500} id="video-label">
        {t('studio.lesson.video')}
      </Text>
      <SegmentedControl
        aria-labelledby="video-label"
        value={mode}
        onChange={(value) => onMode(value as VideoMode)}
        data={(['none', 'upload', 'url'] as const).map((value) => ({
          value,
          label: t(`studio.lesson.videoModes.${value}`),
        }))}
      />
      {mode === 'upload' && (
        <Stack gap={6}>
          {fileId && (
            <Group gap="xs">
              <Text size="sm">{t('studio.lesson.videoUploaded')}</Text>
              <Anchor href={`/api/files/${fileId}`} target="_blank" rel="noreferrer" size="sm">
                {t('studio.lesson.videoOpen')}
              </Anchor>
            </Group>
          )}
          <UploadButton
            kind="video"
            communityId={communityId}
            label={fileId ? t('studio.lesson.videoReplace') : t('studio.lesson.videoUpload')}
            onUploaded={(file) => {
              onFileId(file.id);
              return undefined;
            }}
          />
        </Stack>
      )}
      {mode === 'url' && (
        <TextInput
          type="url"
          label={t('studio.lesson.videoUrl')}
          placeholder="https://"
          value={url}
          onChange={(event) => onUrl(event.currentTarget.value)}
          error={urlError}
        />
      )}
    </Stack>
  );
}
