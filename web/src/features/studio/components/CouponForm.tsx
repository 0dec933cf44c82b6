import {
  Button,
  Group,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../../ui/FormError';
import { applyServerErrors } from '../../../ui/form-errors';
import type { CreateCouponInput } from '../../payments/types';
import { fromLocalInput } from '../datetime';
import { toMinor } from '../money';
import type { Plan } from '../types';

interface CouponFormProps {
  plans: Plan[];
  /** The currency of a fixed discount: the community's paid plans share one. */
  currency: string;
  onSubmit: (input: CreateCouponInput) => Promise<unknown>;
}

const CODE_PATTERN = /^[A-Za-z0-9_-]{3,40}$/;

export function CouponForm({ plans, currency, onSubmit }: CouponFormProps) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      code: '',
      kind: 'percent' as CreateCouponInput['kind'],
      percentOff: 10 as number | string,
      amountOff: '' as number | string,
      validFrom: '',
      validUntil: '',
      maxRedemptions: '' as number | string,
      planIds: [] as string[],
    },
    validate: {
      code: (value) => (CODE_PATTERN.test(value.trim()) ? null : t('studio.payments.coupons.codeInvalid')),
      percentOff: (value, values) =>
        values.kind !== 'percent' || (typeof value === 'number' && value >= 1 && value <= 100)
          ? null
          : t('studio.payments.coupons.percentInvalid'),
      amountOff: (value, values) =>
        values.kind !== 'fixed' || (typeof value === 'number' && value > 0)
          ? null
          : t('studio.payments.coupons.amountInvalid'),
      validUntil: (value, values) =>
        !value || !values.validFrom || (fromLocalInput(value) ?? 0) > (fromLocalInput(values.validFrom) ?? 0)
          ? null
          : t('studio.payments.coupons.untilAfterFrom'),
    },
    transformValues: (values): CreateCouponInput => ({
      code: values.code.trim(),
      kind: values.kind,
      ...(values.kind === 'percent' && typeof values.percentOff === 'number'
        ? { percentOff: values.percentOff }
        : {}),
      ...(values.kind === 'fixed' && typeof values.amountOff === 'number'
        ? { amountOffMinor: toMinor(values.amountOff, currency), currency }
        : {}),
      ...(values.validFrom ? { validFrom: fromLocalInput(values.validFrom) ?? undefined } : {}),
      ...(values.validUntil ? { validUntil: fromLocalInput(values.validUntil) ?? undefined } : {}),
      ...(typeof values.maxRedemptions === 'number' ? { maxRedemptions: values.maxRedemptions } : {}),
      ...(values.planIds.length > 0 ? { planIds: values.planIds } : {}),
    }),
  });

  const handleSubmit = form.onSubmit(async (input) => {
    setFormError(null);
    try {
      await onSubmit(input);
      form.reset();
    } catch (error) {
      setFormError(applyServerErrors(form, error, t));
    }
  });

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        <FormError message={formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label={t('studio.payments.coupons.code')}
            description={t('studio.payments.coupons.codeHint')}
            required
            maxLength={40}
            autoComplete="off"
            {...form.getInputProps('code')}
          />
          <Stack gap={4}>
            <SegmentedControl
              aria-label={t('studio.payments.coupons.kind')}
              data={[
                { value: 'percent', label: t('studio.payments.coupons.kinds.percent') },
                { value: 'fixed', label: t('studio.payments.coupons.kinds.fixed') },
              ]}
              {...form.getInputProps('kind')}
            />
            {form.values.kind === 'percent' ? (
              <NumberInput
                label={t('studio.payments.coupons.percentOff')}
                min={1}
                max={100}
                allowDecimal={false}
                suffix="%"
                {...form.getInputProps('percentOff')}
              />
            ) : (
              <NumberInput
                label={t('studio.payments.coupons.amountOff', { currency })}
                min={0}
                decimalScale={2}
                {...form.getInputProps('amountOff')}
              />
            )}
          </Stack>
          <TextInput
            type="datetime-local"
            label={t('studio.payments.coupons.validFrom')}
            {...form.getInputProps('validFrom')}
          />
          <TextInput
            type="datetime-local"
            label={t('studio.payments.coupons.validUntil')}
            {...form.getInputProps('validUntil')}
          />
          <NumberInput
            label={t('studio.payments.coupons.maxRedemptions')}
            description={t('studio.payments.coupons.maxRedemptionsHint')}
            min={1}
            max={1_000_000}
            allowDecimal={false}
            {...form.getInputProps('maxRedemptions')}
          />
          <MultiSelect
            label={t('studio.payments.coupons.plans')}
            description={t('studio.payments.coupons.plansHint')}
            data={plans.map((plan) => ({ value: plan.id, label: plan.name }))}
            clearable
            {...form.getInputProps('planIds')}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting}>
            {t('studio.payments.coupons.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
