import { Button, CloseButton, FileButton, Group, Image, Progress, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../ui/error-message';
import { uploadFile } from '../../studio/upload';

export const MAX_ATTACHMENTS = 9;

/**
 * Images for a check-in or submission: each is uploaded when chosen (the member's own file, not
 * yet tied to a community) and its id handed to the parent.
 */
export function AttachImages({ value, onChange }: { value: string[]; onChange: (ids: string[]) => void }) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const add = async (file: File | null) => {
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      const uploaded = await uploadFile({ file, kind: 'image', onProgress: setProgress });
      onChange([...value, uploaded.id]);
    } catch (failure) {
      setError(errorMessage(t, failure));
    } finally {
      setProgress(null);
    }
  };
  return (
    <Stack gap="xs">
      {value.length > 0 && (
        <Group gap="xs">
          {value.map((id) => (
            <div key={id} style={{ position: 'relative' }}>
              <Image src={`/api/files/${id}`} w={72} h={72} radius="sm" fit="cover" alt="" />
              <CloseButton
                size="sm"
                style={{ position: 'absolute', top: 2, right: 2 }}
                aria-label={t('activities.attach.remove')}
                onClick={() => onChange(value.filter((v) => v !== id))}
              />
            </div>
          ))}
        </Group>
      )}
      {progress !== null && (
        <Progress value={progress} size="sm" aria-label={t('activities.attach.uploading')} />
      )}
      {error && (
        <Text fz="sm" c="red" role="alert">
          {error}
        </Text>
      )}
      {value.length < MAX_ATTACHMENTS && (
        <FileButton onChange={(file) => void add(file)} accept="image/png,image/jpeg,image/gif,image/webp">
          {(props) => (
            <Button {...props} variant="default" size="xs" w="fit-content" disabled={progress !== null}>
              {t('activities.attach.addImage')}
            </Button>
          )}
        </FileButton>
      )}
    </Stack>
  );
}
