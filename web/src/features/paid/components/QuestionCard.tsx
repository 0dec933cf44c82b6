import { Anchor, Card, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { formatDateTime } from '../../../ui/format';
import { RichText } from '../../communities/components/RichText';
import type { PaidQuestion } from '../types';
import { QuestionStateBadge } from './QuestionStateBadge';

/** A question in a list: who asked, where it stands, the question and its answer when there is one. */
export function QuestionCard({ question: q }: { question: PaidQuestion }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <Card withBorder radius="md" padding="md" data-testid="question-card">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text size="sm" c="dimmed">
            {t('paid.question.byline', {
              name: q.asker.displayName,
              time: formatDateTime(q.createdAt, language),
            })}
          </Text>
          <QuestionStateBadge question={q} />
        </Group>
        <RichText html={q.bodyHtml} />
        {q.answer && (
          <Card radius="sm" padding="sm" bg="var(--mantine-color-default-hover)">
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                {t('paid.question.answeredBy', { name: q.answer.answeredBy.displayName })}
              </Text>
              <RichText html={q.answer.bodyHtml} />
            </Stack>
          </Card>
        )}
        <Group justify="flex-end">
          <Anchor component={Link} to={`/paid-questions/${q.id}`} size="sm">
            {t('paid.question.open')}
          </Anchor>
        </Group>
      </Stack>
    </Card>
  );
}
