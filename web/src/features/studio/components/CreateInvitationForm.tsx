import { Button, Group, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../../ui/FormError';
import { applyServerErrors } from '../../../ui/form-errors';
import { fromLocalInput } from '../datetime';
import type { CreateInvitationInput, Plan } from '../types';

interface CreateInvitationFormProps {
  plans: Plan[];
  onSubmit: (input: CreateInvitationInput) => Promise<unknown>;
}

export function CreateInvitationForm({ plans, onSubmit }: CreateInvitationFormProps) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { planId: '' as string | null, maxUses: '' as number | string, expiresAt: '' },
    validate: {
      expiresAt: (value) =>
        !value || (fromLocalInput(value) ?? 0) > Date.now() ? null : t('studio.invitations.expiryFuture'),
    },
    transformValues: (values): CreateInvitationInput => ({
      ...(values.planId ? { planId: values.planId } : {}),
      ...(typeof values.maxUses === 'number' ? { maxUses: values.maxUses } : {}),
      ...(values.expiresAt ? { expiresAt: fromLocalInput(values.expiresAt) ?? undefined } : {}),
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
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <Select
            label={t('studio.invitations.plan')}
            description={t('studio.invitations.planHint')}
            data={plans.map((plan) => ({ value: plan.id, label: plan.name }))}
            clearable
            {...form.getInputProps('planId')}
          />
          <NumberInput
            label={t('studio.invitations.maxUses')}
            description={t('studio.invitations.maxUsesHint')}
            min={1}
            max={100_000}
            allowDecimal={false}
            {...form.getInputProps('maxUses')}
          />
          <TextInput
            type="datetime-local"
            label={t('studio.invitations.expiresAt')}
            description={t('studio.invitations.expiresAtHint')}
            {...form.getInputProps('expiresAt')}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting}>
            {t('studio.invitations.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
