import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { formatDateTime } from '../../../ui/format';
import type { OutlineLesson } from '../types';

/** Why a lesson is locked, in words: join, a plan that includes it, a date, a previous lesson. */
export function LockLabel({ lock }: { lock: OutlineLesson['lock'] }) {
  const { t } = useTranslation();
  if (!lock.locked) return null;
  const reason = lock.reason ?? 'join_required';
  const text =
    reason === 'not_yet_available' && lock.availableAt
      ? t('course.lock.opensAt', { date: formatDateTime(lock.availableAt, currentLanguage()) })
      : t(`course.lock.${reason}`);
  return (
    <Text span fz="xs" c="dimmed">
      {text}
    </Text>
  );
}
