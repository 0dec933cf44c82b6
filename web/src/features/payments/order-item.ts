import type { TFunction } from 'i18next';
import type { Order } from './types';

/**
 * What an order bought, for lists: a plan by its name; a paid question by its start, a tip by
 * whom it went to, after a label in the reader's language.
 */
export function orderItemLabel(order: Pick<Order, 'item'>, t: TFunction): string {
  switch (order.item.kind) {
    case 'question':
      return t('payments.order.itemLabel.question', { name: order.item.name });
    case 'tip':
      return t('payments.order.itemLabel.tip', { name: order.item.name });
    default:
      return order.item.name;
  }
}
