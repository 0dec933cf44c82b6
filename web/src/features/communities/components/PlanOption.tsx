import { Card, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { planPriceLabel, planTermsLabel } from '../plan-labels';
import type { PlanPrice } from '../types';

/** One plan: its name, price and terms, with whatever action fits the viewer. */
export function PlanOption({
  plan,
  action,
  highlighted = false,
}: {
  plan: PlanPrice & { id: string; name: string };
  action?: ReactNode;
  highlighted?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      data-testid="plan-option"
      style={highlighted ? { borderColor: 'var(--mantine-color-teal-5)' } : undefined}
    >
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Stack gap={2}>
          <Text fw={600}>{plan.name}</Text>
          <Text fz="sm" c="dimmed">
            {planTermsLabel(t, plan)}
          </Text>
        </Stack>
        <Group gap="md" wrap="nowrap">
          <Text fw={700} fz="xl" c={plan.priceMinor === 0 ? 'green' : undefined}>
            {planPriceLabel(t, plan, currentLanguage())}
          </Text>
          {action}
        </Group>
      </Group>
    </Card>
  );
}
