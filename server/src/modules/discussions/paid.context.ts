/** What paid questions and tips share: their dependencies and the community's settings. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import type { Outbox } from '../../platform/outbox.js';
import type { RateLimiter } from '../../platform/rate-limit.js';
import type { AccessService } from '../access/access.service.js';
import type { OrdersService } from '../payments/orders.service.js';
import type { PaymentProviders } from '../payments/providers/registry.js';
import type { RefundsService } from '../payments/refunds.service.js';
import * as q from './paid.queries.js';
import { TIP_MAX_MINOR, TIP_MIN_MINOR, TIP_PRESETS_MINOR } from './paid.schemas.js';

export interface PaidDeps {
  db: Kysely<DB>;
  clock: Clock;
  outbox: Outbox;
  log: Logger;
  access: AccessService;
  limiter: RateLimiter;
  orders: OrdersService;
  refunds: RefundsService;
  providers: PaymentProviders;
}

/** Questions and tips a member may start per window: enough for anyone, too few to flood the owner. */
export const PAID_LIMITS = {
  questions: { limit: 10, windowMs: 60 * 60_000 },
  tips: { limit: 30, windowMs: 60 * 60_000 },
};

export interface PaidSettings {
  currency: string;
  questionsEnabled: boolean;
  questionPriceMinor: number;
  questionAnswerDays: number;
  tipsEnabled: boolean;
}

/** Until the owner saves settings: questions off (the owner sets a price first), tips on. */
export const DEFAULT_QUESTION_PRICE_MINOR = 2_000;
export const DEFAULT_ANSWER_DAYS = 3;
const DEFAULT_CURRENCY = 'CNY';

/** The community's settings, or the defaults (in the currency of its first paid plan). */
export async function settingsOf(db: Kysely<DB>, communityId: string): Promise<PaidSettings> {
  const row = await q.findSettings(db, communityId);
  if (row)
    return {
      currency: row.currency,
      questionsEnabled: row.questions_enabled === 1,
      questionPriceMinor: Number(row.question_price_minor),
      questionAnswerDays: row.question_answer_days,
      tipsEnabled: row.tips_enabled === 1,
    };
  return {
    currency: (await q.firstPlanCurrency(db, communityId)) ?? DEFAULT_CURRENCY,
    questionsEnabled: false,
    questionPriceMinor: DEFAULT_QUESTION_PRICE_MINOR,
    questionAnswerDays: DEFAULT_ANSWER_DAYS,
    tipsEnabled: true,
  };
}

export const tipBounds = {
  minMinor: TIP_MIN_MINOR,
  maxMinor: TIP_MAX_MINOR,
  presetsMinor: [...TIP_PRESETS_MINOR],
};
