import type { OrderState } from './types';

/** Created or pending: the buyer has not paid yet, and may still. */
export function awaitsPayment(state: OrderState): boolean {
  return state === 'created' || state === 'pending';
}

/** Paid for, in whole or in what is left after a partial refund. */
export function isPaid(state: OrderState): boolean {
  return state === 'paid' || state === 'partially_refunded';
}

export const ORDER_STATE_COLORS: Record<OrderState, string> = {
  created: 'yellow',
  pending: 'yellow',
  paid: 'teal',
  partially_refunded: 'orange',
  refunded: 'orange',
  cancelled: 'gray',
  expired: 'gray',
};
