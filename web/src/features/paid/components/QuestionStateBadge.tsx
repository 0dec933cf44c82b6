import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { formatDateTime } from '../../../ui/format';
import type { PaidQuestion, PaidQuestionState } from '../types';

const COLORS: Record<PaidQuestionState, string> = {
  unpaid: 'yellow',
  open: 'blue',
  refunding: 'orange',
  answered: 'teal',
  refunded: 'orange',
};

/** Where a question stands; a question waiting for its answer says by when. */
export function QuestionStateBadge({
  question,
  size = 'md',
}: {
  question: PaidQuestion;
  size?: 'md' | 'lg';
}) {
  const { t } = useTranslation();
  const label =
    question.state === 'open' && question.dueAt !== null
      ? t('paid.state.openUntil', { date: formatDateTime(question.dueAt, currentLanguage()) })
      : t(`paid.state.${question.state}`);
  return (
    <Badge color={COLORS[question.state]} variant="light" size={size} data-testid="question-state">
      {label}
    </Badge>
  );
}
