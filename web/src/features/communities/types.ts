import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** Types come from the API's paths, so they follow the generated schema. */
export type CommunityPage = Json<paths['/api/communities']['get']['responses'][200]>;
export type CommunitySummary = CommunityPage['items'][number];
export type PriceRange = NonNullable<CommunitySummary['priceRange']>;
export type CommunityLanding = Json<paths['/api/communities/{idOrSlug}']['get']['responses'][200]>;
export type Community = CommunityLanding['community'];
export type Plan = CommunityLanding['plans'][number];
export type Viewer = CommunityLanding['viewer'];
export type JoinResult = Json<paths['/api/communities/{id}/join']['post']['responses'][200]>;
export type JoinInput = NonNullable<
  paths['/api/communities/{id}/join']['post']['requestBody']
>['content']['application/json'];
export type MemberPage = Json<paths['/api/communities/{id}/members']['get']['responses'][200]>;
export type Member = MemberPage['items'][number];
export type CoursePage = Json<paths['/api/communities/{id}/courses']['get']['responses'][200]>;
export type CourseSummary = CoursePage['items'][number];
export type MyMembershipPage = Json<paths['/api/me/memberships']['get']['responses'][200]>;

/** What a price is shown from: a community's plan, or a plan offered on a paywall refusal. */
export interface PlanPrice {
  kind: string;
  priceMinor: number;
  currency: string;
  termDays: number | null;
  interval: string | null;
  trialDays: number;
}
