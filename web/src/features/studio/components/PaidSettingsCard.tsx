import { Button, Card, Group, NumberInput, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { usePaidSettings, useSavePaidSettings } from '../../paid/hooks';
import type { PaidSettings } from '../../paid/types';
import { CURRENCIES, currencyDigits, toMajor, toMinor } from '../money';

/** The server's bounds: a question costs 1.00 to 100,000.00; the answer is due in 1 to 30 days. */
const PRICE_MIN_MINOR = 100;
const PRICE_MAX_MINOR = 10_000_000;
const DAYS_MAX = 30;

function PaidSettingsForm({ communityId, settings }: { communityId: string; settings: PaidSettings }) {
  const { t } = useTranslation();
  const save = useSavePaidSettings(communityId);
  const [currency, setCurrency] = useState(settings.currency);
  const [questionsEnabled, setQuestionsEnabled] = useState(settings.questions.enabled);
  const [price, setPrice] = useState<number | string>(
    toMajor(settings.questions.priceMinor, settings.currency),
  );
  const [days, setDays] = useState<number | string>(settings.questions.answerDays);
  const [tipsEnabled, setTipsEnabled] = useState(settings.tips.enabled);

  const priceMinor = typeof price === 'number' ? toMinor(price, currency) : null;
  const priceError =
    priceMinor === null || priceMinor < PRICE_MIN_MINOR || priceMinor > PRICE_MAX_MINOR
      ? t('studio.paid.priceRange')
      : null;
  const daysError =
    typeof days !== 'number' || days < 1 || days > DAYS_MAX ? t('studio.paid.daysRange') : null;
  const [touched, setTouched] = useState(false);

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setTouched(true);
        if (priceError || daysError || priceMinor === null || typeof days !== 'number') return;
        save.mutate({
          currency,
          questionsEnabled,
          questionPriceMinor: priceMinor,
          questionAnswerDays: days,
          tipsEnabled,
        });
      }}
    >
      <Stack gap="md">
        <FormError message={save.isError ? errorMessage(t, save.error) : null} />
        <Select
          label={t('studio.paid.currency')}
          data={[...CURRENCIES]}
          value={currency}
          onChange={(next) => next && setCurrency(next)}
          allowDeselect={false}
          w={200}
        />
        <Switch
          label={t('studio.paid.questionsEnabled')}
          description={t('studio.paid.questionsHint')}
          checked={questionsEnabled}
          onChange={(event) => setQuestionsEnabled(event.currentTarget.checked)}
        />
        <Group align="flex-start" gap="md">
          <NumberInput
            label={t('studio.paid.price')}
            description={t('studio.paid.priceHint')}
            value={price}
            onChange={setPrice}
            min={0}
            decimalScale={currencyDigits(currency)}
            fixedDecimalScale
            error={touched ? priceError : null}
            w={200}
          />
          <NumberInput
            label={t('studio.paid.answerDays')}
            description={t('studio.paid.answerDaysHint')}
            value={days}
            onChange={setDays}
            min={1}
            max={DAYS_MAX}
            allowDecimal={false}
            error={touched ? daysError : null}
            w={260}
          />
        </Group>
        <Switch
          label={t('studio.paid.tipsEnabled')}
          description={t('studio.paid.tipsHint')}
          checked={tipsEnabled}
          onChange={(event) => setTipsEnabled(event.currentTarget.checked)}
        />
        <Group gap="sm">
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
          {save.isSuccess && (
            <Text role="status" c="teal" size="sm">
              {t('studio.saved')}
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}

/** The owner's settings for paid questions and tips: currency, on/off, the price and the answer time. */
export function PaidSettingsCard({ communityId }: { communityId: string }) {
  const { t } = useTranslation();
  const settings = usePaidSettings(communityId);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="paid-settings-title">
      <Stack gap="md">
        <Title order={2} size="h4" id="paid-settings-title">
          {t('studio.paid.title')}
        </Title>
        {settings.isError && <FormError message={errorMessage(t, settings.error)} />}
        {settings.data ? (
          <PaidSettingsForm communityId={communityId} settings={settings.data} />
        ) : (
          !settings.isError && <Text c="dimmed">{t('common.loading')}</Text>
        )}
      </Stack>
    </Card>
  );
}
