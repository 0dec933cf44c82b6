import type { CouponsTable, GiftsTable, OrdersTable, RefundsTable } from '../../db/schema.js';
import type { CouponDto, OrderDto, RefundDto } from './payments.schemas.js';
import type { PaymentAction } from './providers/provider.js';

/** The stored next step, without the provider's own id (the client never needs it). */
function actionOf(order: OrdersTable): OrderDto['paymentAction'] {
  if (order.state !== 'created' && order.state !== 'pending') return null;
  if (!order.payment_action) return null;
  const action = JSON.parse(order.payment_action) as PaymentAction;
  if (action.kind === 'redirect') return { kind: 'redirect', url: action.url };
  if (action.kind === 'qr') return { kind: 'qr', payload: action.payload };
  return { kind: 'none' };
}

export function presentOrder(
  order: OrdersTable,
  selfRefundUntil: number | null,
  gift: { gift: GiftsTable; link: string | null } | null = null,
): OrderDto {
  return {
    id: order.id,
    communityId: order.community_id,
    buyerId: order.buyer_id,
    item: { kind: order.item_kind, id: order.item_id, name: order.item_name },
    listPriceMinor: Number(order.list_price_minor),
    discountMinor: Number(order.discount_minor),
    amountMinor: Number(order.amount_minor),
    refundedMinor: Number(order.refunded_minor),
    currency: order.currency,
    provider: order.provider,
    settlement: order.settlement ?? 'platform',
    state: order.state,
    paymentAction: actionOf(order),
    expiresAt: Number(order.expires_at),
    paidAt: order.paid_at === null ? null : Number(order.paid_at),
    createdAt: Number(order.created_at),
    selfRefundUntil,
    gift: gift
      ? {
          state: gift.gift.state,
          recipientEmail: gift.gift.recipient_email,
          redeemUrl: gift.link,
          redeemedAt: gift.gift.redeemed_at === null ? null : Number(gift.gift.redeemed_at),
        }
      : null,
  };
}

export const presentRefund = (refund: RefundsTable): RefundDto => ({
  id: refund.id,
  orderId: refund.order_id,
  amountMinor: Number(refund.amount_minor),
  currency: refund.currency,
  reason: refund.reason,
  state: refund.state,
  createdAt: Number(refund.created_at),
  completedAt: refund.completed_at === null ? null : Number(refund.completed_at),
});

export const presentCoupon = (coupon: CouponsTable, planIds: string[]): CouponDto => ({
  id: coupon.id,
  communityId: coupon.community_id,
  code: coupon.code,
  kind: coupon.kind,
  percentOff: coupon.percent_off,
  amountOffMinor: coupon.amount_off_minor === null ? null : Number(coupon.amount_off_minor),
  currency: coupon.currency,
  validFrom: coupon.valid_from === null ? null : Number(coupon.valid_from),
  validUntil: coupon.valid_until === null ? null : Number(coupon.valid_until),
  maxRedemptions: coupon.max_redemptions,
  redeemed: Number(coupon.redeemed),
  oncePerUser: coupon.once_per_user === 1,
  status: coupon.status,
  planIds,
  createdAt: Number(coupon.created_at),
});
