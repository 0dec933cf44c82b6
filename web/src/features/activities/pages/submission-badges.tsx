import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Submission } from '../types';

/** State, late and featured marks of a submission. */
export function SubmissionBadges({ submission }: { submission: Submission }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
      {submission.late && (
        <Badge variant="light" color="orange" data-testid="late-badge">
          {t('activities.assignments.late')}
        </Badge>
      )}
      {submission.featured && (
        <Badge variant="light" color="yellow">
          {t('activities.assignments.featured')}
        </Badge>
      )}
      <Badge variant="light" color={submission.state === 'reviewed' ? 'teal' : 'blue'}>
        {submission.state === 'reviewed'
          ? t('activities.assignments.scored', { score: submission.score ?? 0 })
          : t('activities.assignments.submitted')}
      </Badge>
    </Group>
  );
}
