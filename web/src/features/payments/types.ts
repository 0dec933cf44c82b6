import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Body<P> = P extends { requestBody?: infer R } ? Json<NonNullable<R>> : never;

/** Types come from the API's paths, so they follow the generated schema. */
export type Quote = Json<paths['/api/checkout/quote']['get']['responses'][200]>;
export type Provider = Quote['providers'][number];
export type CreateOrderInput = Body<paths['/api/orders']['post']>;
export type Order = Json<paths['/api/orders/{id}']['get']['responses'][200]>;
export type OrderState = Order['state'];
export type OrderPage = Json<paths['/api/me/orders']['get']['responses'][200]>;
export type TestOutcome = Body<paths['/api/orders/{id}/test-payment']['post']>['outcome'];
export type RefundInput = Body<paths['/api/orders/{id}/refund']['post']>;
export type Refund = Json<paths['/api/orders/{id}/refund']['post']['responses'][200]>;
export type Coupon = Json<paths['/api/communities/{id}/coupons']['post']['responses'][201]>;
export type CouponPage = Json<paths['/api/communities/{id}/coupons']['get']['responses'][200]>;
export type CreateCouponInput = Body<paths['/api/communities/{id}/coupons']['post']>;
export type Revenue = Json<paths['/api/communities/{id}/revenue']['get']['responses'][200]>;
export type CurrencyRevenue = Revenue['currencies'][number];

// ── referrals and gifts ──────────────────────────────────────────────────
export type OrderGift = NonNullable<Order['gift']>;
export type ReferralLink = Json<paths['/api/communities/{id}/referral-link']['get']['responses'][200]>;
export type ReferralProgram = Json<paths['/api/plans/{id}/referral-program']['put']['responses'][200]>;
export type ReferralProgramInput = Body<paths['/api/plans/{id}/referral-program']['put']>;
export type MyReferrals = Json<paths['/api/me/referrals']['get']['responses'][200]>;
export type ReferralCommission = MyReferrals['items'][number];
export type ReferralTotals = MyReferrals['totals'][number];
export type CommunityReferrers = Json<paths['/api/communities/{id}/referrals']['get']['responses'][200]>;
export type Gift = Json<paths['/api/gifts/{token}']['get']['responses'][200]>;
export type GiftRedemption = Json<paths['/api/gifts/{token}/redeem']['post']['responses'][200]>;
