import { Button, Group, NumberInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { useSetRefundWindow } from '../../payments/hooks';

/** How long buyers may refund an order themselves, in hours (0: never). */
export function RefundWindowForm({ communityId, hours }: { communityId: string; hours: number }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<number | string>(hours);
  const save = useSetRefundWindow(communityId);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (typeof value === 'number') save.mutate(value);
      }}
      noValidate
    >
      <FormError message={save.isError ? errorMessage(t, save.error) : null} />
      <Group align="flex-end" gap="sm">
        <NumberInput
          label={t('studio.payments.refundWindow.label')}
          description={t('studio.payments.refundWindow.hint')}
          value={value}
          onChange={setValue}
          min={0}
          max={24 * 90}
          allowDecimal={false}
          w={260}
        />
        <Button type="submit" loading={save.isPending} disabled={typeof value !== 'number'}>
          {t('common.save')}
        </Button>
        {save.isSuccess && (
          <span role="status" style={{ color: 'var(--mantine-color-teal-6)' }}>
            {t('studio.saved')}
          </span>
        )}
      </Group>
    </form>
  );
}
