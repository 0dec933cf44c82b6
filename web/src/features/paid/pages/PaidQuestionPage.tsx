import {
  Alert,
  Anchor,
  Button,
  Card,
  Container,
  Group,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../api/errors';
import { NotFoundPage } from '../../../app/NotFoundPage';
import { currentLanguage } from '../../../i18n';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { formatDateTime } from '../../../ui/format';
import { PageLoader } from '../../../ui/PageLoader';
import { LoadError } from '../../communities/components/LoadError';
import { RichText } from '../../communities/components/RichText';
import { useCommunity } from '../../communities/hooks';
import { formatMoney } from '../../communities/money';
import { useDocumentTitle } from '../../communities/use-document-title';
import { QuestionStateBadge } from '../components/QuestionStateBadge';
import { useAnswerQuestion, useQuestion, useSetQuestionPublic } from '../hooks';
import type { PaidQuestion } from '../types';

/** The server's limit on an answer's length. */
const ANSWER_MAX = 20_000;

function AnswerForm({ question }: { question: PaidQuestion }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const answer = useAnswerQuestion(question.id);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="answer-form-title">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (body.trim()) answer.mutate(body);
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="answer-form-title">
            {t('paid.answer.formTitle')}
          </Title>
          <Textarea
            label={t('paid.answer.body')}
            description={t('paid.ask.bodyHint')}
            value={body}
            onChange={(event) => setBody(event.currentTarget.value)}
            autosize
            minRows={6}
            maxLength={ANSWER_MAX}
            required
          />
          <FormError message={answer.isError ? errorMessage(t, answer.error) : null} />
          <Group justify="flex-end">
            <Button type="submit" loading={answer.isPending} disabled={!body.trim()}>
              {t('paid.answer.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function VisibilitySwitch({ question }: { question: PaidQuestion }) {
  const { t } = useTranslation();
  const visibility = useSetQuestionPublic(question.id);
  return (
    <Stack gap={4}>
      <Switch
        label={t('paid.ask.public')}
        description={t('paid.ask.publicHint')}
        checked={visibility.isPending ? visibility.variables : question.public}
        disabled={visibility.isPending}
        onChange={(event) => visibility.mutate(event.currentTarget.checked)}
      />
      <FormError message={visibility.isError ? errorMessage(t, visibility.error) : null} />
    </Stack>
  );
}

/** What the asker should know in each state: pay, wait until the due date, or the money came back. */
function StateNote({ question: q }: { question: PaidQuestion }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  if (q.state === 'unpaid' && q.orderId) {
    return (
      <Alert color="yellow" variant="light">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{t('paid.question.unpaid')}</Text>
          <Button component={Link} to={`/orders/${q.orderId}`} size="xs">
            {t('paid.question.pay', { price: formatMoney(q.priceMinor, q.currency, language) })}
          </Button>
        </Stack>
      </Alert>
    );
  }
  if (q.state === 'open' && q.dueAt !== null) {
    return (
      <Alert color="blue" variant="light" role="status">
        {t('paid.question.waiting', { date: formatDateTime(q.dueAt, language) })}
      </Alert>
    );
  }
  if (q.state === 'refunding' || q.state === 'refunded') {
    return (
      <Alert color="orange" variant="light" role="status">
        {t(`paid.question.${q.state}`)}
      </Alert>
    );
  }
  return null;
}

/** One paid question (/paid-questions/:id): where it stands, the answer; the owner answers here. */
export function PaidQuestionPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const question = useQuestion(id);
  const landing = useCommunity(question.data?.communityId);
  useDocumentTitle(t('paid.question.title'));

  if (question.isPending) return <PageLoader />;
  if (question.isError) {
    if (isApiError(question.error) && question.error.status === 404) return <NotFoundPage />;
    return (
      <Container size="sm" py="xl">
        <LoadError error={question.error} retry={() => void question.refetch()} />
      </Container>
    );
  }
  const q = question.data;
  const language = currentLanguage();
  const community = landing.data?.community;

  return (
    <Container size="md" py="xl">
      <Stack gap="lg">
        {community && (
          <Anchor component={Link} to={`/c/${community.slug}/questions`} size="sm">
            {t('paid.question.back', { name: community.name })}
          </Anchor>
        )}
        <Group justify="space-between" align="center">
          <Title order={1}>{t('paid.question.title')}</Title>
          <QuestionStateBadge question={q} size="lg" />
        </Group>
        <StateNote question={q} />
        <Card withBorder radius="md" padding="lg" component="article">
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {t('paid.question.byline', {
                name: q.asker.displayName,
                time: formatDateTime(q.createdAt, language),
              })}
              {' · '}
              {formatMoney(q.priceMinor, q.currency, language)}
            </Text>
            <RichText html={q.bodyHtml} />
          </Stack>
        </Card>
        {q.answer && (
          <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="answer-title">
            <Stack gap="sm">
              <Title order={2} size="h4" id="answer-title">
                {t('paid.answer.title')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('paid.answer.byline', {
                  name: q.answer.answeredBy.displayName,
                  time: formatDateTime(q.answer.answeredAt, language),
                })}
              </Text>
              <div data-testid="question-answer">
                <RichText html={q.answer.bodyHtml} />
              </div>
            </Stack>
          </Card>
        )}
        {q.abilities.answer && q.state === 'open' && <AnswerForm question={q} />}
        {q.abilities.setPublic && <VisibilitySwitch question={q} />}
      </Stack>
    </Container>
  );
}
