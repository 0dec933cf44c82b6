import { type Static, type TSchema, Type } from 'typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Minor = Type.Integer({ minimum: 0, maximum: 1_000_000_000_00 });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217, upper-case' });

export const PaymentErrors = {
  alreadyMember: 'already_member',
  planNotForSale: 'plan_not_for_sale',
  couponInvalid: 'coupon_invalid',
  couponUsed: 'coupon_already_used',
  providerFailed: 'provider_unavailable',
  notRefundable: 'not_refundable',
  refundWindowClosed: 'refund_window_closed',
  orderNotPayable: 'order_not_payable',
  payoutTooLarge: 'payout_exceeds_balance',
  feesCollectedTooLarge: 'fees_collected_exceed_owed',
  couponExists: 'coupon_exists',
  giftNotRecurring: 'gift_not_recurring',
  giftInvalid: 'gift_invalid',
  giftRedeemed: 'gift_already_redeemed',
  referralMembersOnly: 'referral_members_only',
} as const;

export const ProviderNameT = Type.Union([
  Type.Literal('stripe'),
  Type.Literal('alipay'),
  Type.Literal('wechatpay'),
  Type.Literal('manual'),
  Type.Literal('test'),
]);

export const OrderStateT = Type.Union([
  Type.Literal('created'),
  Type.Literal('pending'),
  Type.Literal('paid'),
  Type.Literal('partially_refunded'),
  Type.Literal('refunded'),
  Type.Literal('cancelled'),
  Type.Literal('expired'),
]);

export const CreateOrderBody = Type.Object(
  {
    planId: Id,
    couponCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    provider: ProviderNameT,
    /** Buy the plan for someone else: the buyer gets a one-use redemption link instead of the membership. */
    gift: Type.Optional(Type.Boolean()),
    /** With gift: where to mail the link (optional; the buyer can always copy it from the order). */
    recipientEmail: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
  },
  { additionalProperties: false },
);
export type CreateOrderInput = Static<typeof CreateOrderBody>;

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 100 })),
});

export const QuoteQuery = Type.Object({
  planId: Id,
  couponCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
});

export const Quote = Type.Object({
  planId: Type.String(),
  plan: Type.Object({
    name: Type.String(),
    kind: Type.String(),
    termDays: Nullable(Type.Integer()),
    interval: Nullable(Type.String()),
  }),
  community: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }),
  listPriceMinor: Type.Integer(),
  discountMinor: Type.Integer(),
  amountMinor: Type.Integer(),
  currency: Type.String(),
  coupon: Nullable(
    Type.Object({ code: Type.String(), valid: Type.Boolean(), refusal: Nullable(Type.String()) }),
  ),
  providers: Type.Array(ProviderNameT),
});
export type QuoteDto = Static<typeof Quote>;

export const PaymentActionT = Nullable(
  Type.Union([
    Type.Object({ kind: Type.Literal('redirect'), url: Type.String() }),
    Type.Object({ kind: Type.Literal('qr'), payload: Type.String() }),
    Type.Object({ kind: Type.Literal('none') }),
  ]),
);

export const Order = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  buyerId: Type.String(),
  item: Type.Object({
    kind: Type.Union([Type.Literal('plan'), Type.Literal('question'), Type.Literal('tip')]),
    id: Type.String(),
    name: Type.String(),
  }),
  listPriceMinor: Type.Integer(),
  discountMinor: Type.Integer(),
  amountMinor: Type.Integer(),
  refundedMinor: Type.Integer(),
  currency: Type.String(),
  provider: ProviderNameT,
  /**
   * Whose account received the money: `platform` (the site's or environment keys, test, manual)
   * or `community` (the community's own keys: the creator's provider account).
   */
  settlement: Type.Union([Type.Literal('platform'), Type.Literal('community')]),
  state: OrderStateT,
  /** What the buyer does next while the order is pending (open the URL, scan the code, pay by transfer). */
  paymentAction: PaymentActionT,
  expiresAt: Type.Integer(),
  paidAt: Nullable(Type.Integer()),
  createdAt: Type.Integer(),
  /** Until when the buyer may ask for their money back themselves (null: not refundable by them). */
  selfRefundUntil: Nullable(Type.Integer()),
  /** A gift order: its link's state; the link itself only for the buyer, while it can be redeemed. */
  gift: Nullable(
    Type.Object({
      state: Type.Union([
        Type.Literal('awaiting_payment'),
        Type.Literal('ready'),
        Type.Literal('redeemed'),
        Type.Literal('void'),
      ]),
      recipientEmail: Nullable(Type.String()),
      redeemUrl: Nullable(Type.String()),
      redeemedAt: Nullable(Type.Integer()),
    }),
  ),
});
export type OrderDto = Static<typeof Order>;

export const OrderPage = Type.Object({ items: Type.Array(Order), nextCursor: Nullable(Type.String()) });

export const RefundBody = Type.Object(
  {
    /** Omit for the whole remaining amount. */
    amountMinor: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000_00 })),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type RefundInput = Static<typeof RefundBody>;

export const Refund = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  amountMinor: Type.Integer(),
  currency: Type.String(),
  reason: Type.String(),
  state: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]),
  createdAt: Type.Integer(),
  completedAt: Nullable(Type.Integer()),
});
export type RefundDto = Static<typeof Refund>;

export const TestPaymentBody = Type.Object(
  { outcome: Type.Union([Type.Literal('succeed'), Type.Literal('fail')]) },
  { additionalProperties: false },
);

export const ManualPaymentBody = Type.Object(
  { reference: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const CreateCouponBody = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9_-]{3,40}$', description: 'letters, digits, _ and -; 3–40' }),
    kind: Type.Union([Type.Literal('percent'), Type.Literal('fixed')]),
    percentOff: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    amountOffMinor: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000_00 })),
    currency: Type.Optional(Currency),
    validFrom: Type.Optional(Type.Integer({ minimum: 0 })),
    validUntil: Type.Optional(Type.Integer({ minimum: 0 })),
    maxRedemptions: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    oncePerUser: Type.Optional(Type.Boolean()),
    planIds: Type.Optional(Type.Array(Id, { maxItems: 50, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type CreateCouponInput = Static<typeof CreateCouponBody>;

export const Coupon = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  code: Type.String(),
  kind: Type.Union([Type.Literal('percent'), Type.Literal('fixed')]),
  percentOff: Nullable(Type.Integer()),
  amountOffMinor: Nullable(Type.Integer()),
  currency: Nullable(Type.String()),
  validFrom: Nullable(Type.Integer()),
  validUntil: Nullable(Type.Integer()),
  maxRedemptions: Nullable(Type.Integer()),
  redeemed: Type.Integer(),
  oncePerUser: Type.Boolean(),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  planIds: Type.Array(Type.String()),
  createdAt: Type.Integer(),
});
export type CouponDto = Static<typeof Coupon>;
export const CouponPage = Type.Object({ items: Type.Array(Coupon), nextCursor: Nullable(Type.String()) });

export const Revenue = Type.Object({
  communityId: Type.String(),
  currencies: Type.Array(
    Type.Object({
      currency: Type.String(),
      grossMinor: Type.Integer(),
      feesMinor: Type.Integer(),
      refundsMinor: Type.Integer(),
      netMinor: Type.Integer(),
      paidOutMinor: Type.Integer(),
      /**
       * What the platform owes the creator: their share of payments it received, less payouts,
       * less the payments their own provider account received. Negative: the creator holds the
       * platform's fees and owes it that much.
       */
      balanceMinor: Type.Integer(),
      /** Fees the creator paid back to the platform for payments their own account received. */
      feesCollectedMinor: Type.Integer(),
      /** Referral commissions taken out of the creator's share, less those refunds took back. */
      commissionsMinor: Type.Integer(),
      /** Tips to members other than the creator: taken in, owed to those members, not to the creator. */
      memberTipsMinor: Type.Integer(),
      orders: Type.Integer(),
    }),
  ),
  refundWindowHours: Type.Integer(),
});
export type RevenueDto = Static<typeof Revenue>;

export const PayoutBody = Type.Object(
  {
    amountMinor: Minor,
    currency: Currency,
    reference: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type PayoutInput = Static<typeof PayoutBody>;

export const PaymentSettingsBody = Type.Object(
  { refundWindowHours: Type.Integer({ minimum: 0, maximum: 24 * 90 }) },
  { additionalProperties: false },
);

export const Subscription = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  planId: Type.String(),
  provider: ProviderNameT,
  state: Type.Union([
    Type.Literal('active'),
    Type.Literal('past_due'),
    Type.Literal('cancelling'),
    Type.Literal('ended'),
  ]),
  currentPeriodEnd: Type.Integer(),
  graceUntil: Nullable(Type.Integer()),
  createdAt: Type.Integer(),
});
export type SubscriptionDto = Static<typeof Subscription>;

/** Money settled between the platform and a creator, recorded by an operator. */
export const Settlement = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  /** payout: the platform paid the creator; fees_collected: the creator paid the platform its fees. */
  kind: Type.Union([Type.Literal('payout'), Type.Literal('fees_collected')]),
  amountMinor: Type.Integer(),
  currency: Type.String(),
  reference: Type.String(),
  note: Nullable(Type.String()),
  recordedBy: Type.Object({ id: Type.String(), displayName: Type.String() }),
  createdAt: Type.Integer(),
});
export type SettlementDto = Static<typeof Settlement>;
export const SettlementPage = Type.Object({
  items: Type.Array(Settlement),
  nextCursor: Nullable(Type.String()),
});
