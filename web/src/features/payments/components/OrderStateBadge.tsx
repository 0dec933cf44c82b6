import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ORDER_STATE_COLORS } from '../order-state';
import type { OrderState } from '../types';

export function OrderStateBadge({ state, size = 'md' }: { state: OrderState; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={ORDER_STATE_COLORS[state]} size={size} data-testid="order-state">
      {t(`payments.state.${state}`)}
    </Badge>
  );
}
