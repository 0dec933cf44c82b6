import { Button, Group, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../../ui/FormError';
import { applyServerErrors } from '../../../ui/form-errors';
import { CURRENCIES, currencyDigits, toMinor } from '../money';
import type { CreatePlanInput, PlanKind } from '../types';

interface PlanFormValues {
  kind: PlanKind;
  name: string;
  price: number | string;
  currency: string;
  termDays: number | string;
  interval: 'month' | 'year';
  trialDays: number | string;
}

export function toPlanInput(values: PlanFormValues): CreatePlanInput {
  const price = typeof values.price === 'number' ? values.price : 0;
  const input: CreatePlanInput = {
    kind: values.kind,
    name: values.name.trim(),
    priceMinor: values.kind === 'free' ? 0 : toMinor(price, values.currency),
    currency: values.currency,
  };
  if (values.kind === 'fixed_term' && typeof values.termDays === 'number') input.termDays = values.termDays;
  if (values.kind === 'subscription') {
    input.interval = values.interval;
    input.trialDays = typeof values.trialDays === 'number' ? values.trialDays : 0;
  }
  return input;
}

const KINDS: PlanKind[] = ['free', 'lifetime', 'fixed_term', 'subscription'];

/** A new pricing plan: its kind decides which of price, term, interval and trial apply. */
export function PlanForm({ onSubmit }: { onSubmit: (input: CreatePlanInput) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<PlanFormValues>({
    initialValues: {
      kind: 'free',
      name: '',
      price: '',
      currency: 'CNY',
      termDays: 365,
      interval: 'month',
      trialDays: 0,
    },
    validate: {
      name: (value) => (value.trim() ? null : t('validation.required')),
      price: (value, values) =>
        values.kind === 'free' || (typeof value === 'number' && value > 0)
          ? null
          : t('studio.plans.priceRequired'),
      termDays: (value, values) =>
        values.kind !== 'fixed_term' || (typeof value === 'number' && value >= 1)
          ? null
          : t('validation.required'),
    },
  });
  const { kind, currency } = form.values;

  const handleSubmit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await onSubmit(toPlanInput(values));
      form.reset();
    } catch (error) {
      setFormError(applyServerErrors(form, error, t, { pathToField: { priceMinor: 'price' } }));
    }
  });

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        <FormError message={formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label={t('studio.plans.kind')}
            description={t(`studio.plans.kindHint.${kind}`)}
            data={KINDS.map((k) => ({ value: k, label: t(`studio.plans.kinds.${k}`) }))}
            allowDeselect={false}
            {...form.getInputProps('kind')}
          />
          <TextInput label={t('studio.plans.name')} required maxLength={60} {...form.getInputProps('name')} />
          {kind !== 'free' && (
            <>
              <NumberInput
                label={t('studio.plans.price')}
                description={t('studio.plans.priceHint')}
                required
                min={0}
                decimalScale={currencyDigits(currency)}
                fixedDecimalScale={false}
                allowNegative={false}
                thousandSeparator=","
                {...form.getInputProps('price')}
              />
              <Select
                label={t('studio.plans.currency')}
                data={[...CURRENCIES]}
                allowDeselect={false}
                {...form.getInputProps('currency')}
              />
            </>
          )}
          {kind === 'fixed_term' && (
            <NumberInput
              label={t('studio.plans.termDays')}
              required
              min={1}
              max={36_500}
              allowDecimal={false}
              {...form.getInputProps('termDays')}
            />
          )}
          {kind === 'subscription' && (
            <>
              <Select
                label={t('studio.plans.interval')}
                data={[
                  { value: 'month', label: t('studio.plans.intervals.month') },
                  { value: 'year', label: t('studio.plans.intervals.year') },
                ]}
                allowDeselect={false}
                {...form.getInputProps('interval')}
              />
              <NumberInput
                label={t('studio.plans.trialDays')}
                min={0}
                max={365}
                allowDecimal={false}
                {...form.getInputProps('trialDays')}
              />
            </>
          )}
        </SimpleGrid>
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting}>
            {t('studio.plans.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
