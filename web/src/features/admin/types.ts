import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type SiteProviders = Json<paths['/api/admin/payment-providers']['get']['responses'][200]>;
export type CommunityProviders = Json<
  paths['/api/admin/communities/{id}/payment-providers']['get']['responses'][200]
>;
export type ProviderKeysStatus = SiteProviders['providers'][number];
export type KeyedProvider = ProviderKeysStatus['provider'];
export type SaveKeysInput = NonNullable<
  paths['/api/admin/payment-providers/{provider}']['put']['requestBody']
>['content']['application/json'];
export type CommunitiesWithKeys = Json<
  paths['/api/admin/payment-providers/communities']['get']['responses'][200]
>;
export type PayableBalances = Json<paths['/api/admin/payouts/balances']['get']['responses'][200]>;
export type PayableBalance = PayableBalances['items'][number];
export type PayoutPage = Json<paths['/api/admin/communities/{id}/payouts']['get']['responses'][200]>;
export type Payout = PayoutPage['items'][number];
export type PayoutInput = NonNullable<
  paths['/api/admin/communities/{id}/payouts']['post']['requestBody']
>['content']['application/json'];
export type MailPage = Json<paths['/api/admin/mail']['get']['responses'][200]>;
