/** Paid questions and tips put together: services, their order items, the unanswered-refund job. */
import type { Jobs } from '../../platform/jobs.js';
import type { OrderItemHandlers } from '../payments/order-items.js';
import type { PaidDeps } from './paid.context.js';
import type { PaidServices } from './paid.routes.js';
import { PaidQuestionsService } from './paid-questions.service.js';
import { PaidSettingsService } from './paid-settings.service.js';
import { TipsService } from './tips.service.js';

/** How often unanswered questions past their due date are looked for. */
export const REFUND_OVERDUE_EVERY_MS = 5 * 60_000;

export function createPaid(deps: PaidDeps, orderItems: OrderItemHandlers, jobs: Jobs): PaidServices {
  const questions = new PaidQuestionsService(deps);
  const tips = new TipsService(deps);
  orderItems.register('question', {
    paid: (order) => questions.onPaid(order),
    refunded: (order) => questions.onRefunded(order),
  });
  orderItems.register('tip', {
    paid: (order) => tips.onPaid(order),
    refunded: (order) => tips.onRefunded(order),
  });
  jobs.every('paid-questions.refund-overdue', REFUND_OVERDUE_EVERY_MS, async () => {
    await questions.refundOverdue();
  });
  return { settings: new PaidSettingsService(deps), questions, tips };
}
