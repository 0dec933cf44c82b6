import { Button, Card, Stack, Switch, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { formatMoney } from '../../communities/money';
import { ProviderChoice } from '../../payments/components/ProviderChoice';
import type { Provider } from '../../payments/types';
import { useStartPayment } from '../../payments/use-start-payment';
import { askQuestion } from '../api';
import type { AskInput, PaidSettings } from '../types';

/** The server's limit on a question's length. */
const QUESTION_MAX = 5_000;

/** Asking the owner: the question (markdown), whether members may read the answer, how to pay; then pay. */
export function AskForm({ settings }: { settings: PaidSettings }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [isPublic, setIsPublic] = useState(true);
  const [chosen, setChosen] = useState<Provider | null>(null);
  const ask = useStartPayment(async (input: AskInput, key: string) => {
    const { order } = await askQuestion(settings.communityId, input, key);
    return order;
  });
  const provider = chosen ?? (settings.providers[0] as Provider | undefined) ?? null;
  const price = formatMoney(settings.questions.priceMinor, settings.currency, currentLanguage());
  // Anything changed is a new question: a new attempt, so a new order.
  const change =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      ask.newAttempt();
    };

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="ask-title">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!provider || !body.trim()) return;
          ask.pay({ body, public: isPublic, provider });
        }}
      >
        <Stack gap="md">
          <Stack gap={2}>
            <Title order={2} size="h4" id="ask-title">
              {t('paid.ask.formTitle')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('paid.ask.promise', { count: settings.questions.answerDays, price })}
            </Text>
          </Stack>
          <Textarea
            label={t('paid.ask.body')}
            description={t('paid.ask.bodyHint')}
            value={body}
            onChange={(event) => change(setBody)(event.currentTarget.value)}
            autosize
            minRows={5}
            maxLength={QUESTION_MAX}
            required
          />
          <Switch
            label={t('paid.ask.public')}
            description={t('paid.ask.publicHint')}
            checked={isPublic}
            onChange={(event) => change(setIsPublic)(event.currentTarget.checked)}
          />
          <ProviderChoice
            providers={settings.providers as Provider[]}
            value={provider}
            onChange={change(setChosen)}
          />
          <FormError message={ask.error ? errorMessage(t, ask.error) : null} />
          <Button type="submit" loading={ask.busy} disabled={!provider || !body.trim()}>
            {t('paid.ask.submit', { price })}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
