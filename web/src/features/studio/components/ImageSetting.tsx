import { Avatar, Button, Card, Group, Image, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../ui/error-message';
import { UploadButton } from './UploadButton';

interface ImageSettingProps {
  label: string;
  shape: 'cover' | 'avatar';
  fileId: string | null;
  communityId: string;
  fallbackName: string;
  onChange: (fileId: string | null) => Promise<unknown>;
}

/** A community's cover or avatar: what it is now, upload a new one, or remove it. */
export function ImageSetting({
  label,
  shape,
  fileId,
  communityId,
  fallbackName,
  onChange,
}: ImageSettingProps) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const src = fileId ? `/api/files/${fileId}` : null;

  const save = async (next: string | null) => {
    setError(null);
    try {
      await onChange(next);
    } catch (caught) {
      setError(errorMessage(t, caught));
    }
  };

  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm">
        <Text fw={600}>{label}</Text>
        {shape === 'cover' ? (
          src ? (
            <Image src={src} alt={label} h={140} radius="sm" fit="cover" />
          ) : (
            <Stack
              h={140}
              justify="center"
              align="center"
              bg="var(--mantine-color-default-hover)"
              style={{ borderRadius: 4 }}
            >
              <Text size="sm" c="dimmed">
                {t('studio.settings.noImage')}
              </Text>
            </Stack>
          )
        ) : (
          <Avatar src={src} name={fallbackName} alt={label} color="teal" size={96} radius="md" />
        )}
        <Group gap="sm" align="flex-start">
          <UploadButton
            kind="image"
            communityId={communityId}
            label={src ? t('studio.settings.replaceImage') : t('studio.settings.uploadImage')}
            onUploaded={(file) => save(file.id)}
          />
          {src && (
            <Button variant="subtle" color="red" onClick={() => void save(null)}>
              {t('studio.settings.removeImage')}
            </Button>
          )}
        </Group>
        {error && (
          <Text size="sm" c="red" role="alert">
            {error}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
