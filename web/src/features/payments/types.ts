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
