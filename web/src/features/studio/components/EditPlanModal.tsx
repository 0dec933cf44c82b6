import { Button, Group, Modal, NumberInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../../ui/FormError';
import { applyServerErrors } from '../../../ui/form-errors';
import { currencyDigits, toMajor, toMinor } from '../money';
import type { Plan, UpdatePlanInput } from '../types';

interface EditPlanModalProps {
  plan: Plan;
  onClose: () => void;
  onSave: (body: UpdatePlanInput) => Promise<unknown>;
}

/** Rename or reprice a plan; members keep the price they paid. */
export function EditPlanModal({ plan, onClose, onSave }: EditPlanModalProps) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: plan.name, price: toMajor(plan.priceMinor, plan.currency) as number | string },
    validate: { name: (value) => (value.trim() ? null : t('validation.required')) },
  });

  const handleSubmit = form.onSubmit(async (values) => {
    setFormError(null);
    const body: UpdatePlanInput = { name: values.name.trim() };
    if (plan.kind !== 'free' && typeof values.price === 'number')
      body.priceMinor = toMinor(values.price, plan.currency);
    try {
      await onSave(body);
      onClose();
    } catch (error) {
      setFormError(applyServerErrors(form, error, t, { pathToField: { priceMinor: 'price' } }));
    }
  });

  return (
    <Modal opened onClose={onClose} title={t('studio.plans.editTitle', { name: plan.name })} centered>
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          <FormError message={formError} />
          <TextInput
            label={t('studio.plans.name')}
            required
            maxLength={60}
            data-autofocus
            {...form.getInputProps('name')}
          />
          {plan.kind !== 'free' && (
            <NumberInput
              label={t('studio.plans.priceIn', { currency: plan.currency })}
              description={t('studio.plans.repriceHint')}
              min={0}
              decimalScale={currencyDigits(plan.currency)}
              allowNegative={false}
              {...form.getInputProps('price')}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
