import { Select, SimpleGrid, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContentStatus } from '../types';

const REQUESTABLE: ContentStatus[] = ['draft', 'scheduled', 'published', 'archived'];

interface StatusFieldsProps {
  status: ContentStatus;
  current: ContentStatus;
  publishAt: string;
  onStatus: (status: ContentStatus) => void;
  onPublishAt: (value: string) => void;
  statusError?: ReactNode;
  publishAtError?: ReactNode;
}

/** A content item's status and, when scheduling, the time it goes live. */
export function StatusFields({
  status,
  current,
  publishAt,
  onStatus,
  onPublishAt,
  statusError,
  publishAtError,
}: StatusFieldsProps) {
  const { t } = useTranslation();
  const options = current === 'in_review' ? ['in_review' as const, ...REQUESTABLE] : REQUESTABLE;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
      <Select
        label={t('studio.statusLabel')}
        description={t('studio.statusHint')}
        data={options.map((value) => ({
          value,
          label: t(`studio.status.${value}`),
          disabled: value === 'in_review',
        }))}
        value={status}
        onChange={(value) => value && onStatus(value as ContentStatus)}
        allowDeselect={false}
        error={statusError}
      />
      {status === 'scheduled' && (
        <TextInput
          type="datetime-local"
          label={t('studio.publishAt')}
          description={t('studio.publishAtHint')}
          required
          value={publishAt}
          onChange={(event) => onPublishAt(event.currentTarget.value)}
          error={publishAtError}
        />
      )}
    </SimpleGrid>
  );
}
