import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Body<P> = P extends { requestBody?: infer R } ? Json<NonNullable<R>> : never;

/** Types come from the API's paths, so they follow the generated schema. */
export type PaidSettings = Json<paths['/api/communities/{id}/paid-settings']['get']['responses'][200]>;
export type PaidSettingsInput = Body<paths['/api/communities/{id}/paid-settings']['put']>;
export type PaidQuestion = Json<paths['/api/paid-questions/{id}']['get']['responses'][200]>;
export type PaidQuestionState = PaidQuestion['state'];
export type PaidQuestionPage = Json<paths['/api/communities/{id}/paid-questions']['get']['responses'][200]>;
export type AskInput = Body<paths['/api/communities/{id}/paid-questions']['post']>;
export type AskResult = Json<paths['/api/communities/{id}/paid-questions']['post']['responses'][201]>;
export type TipInput = Body<paths['/api/posts/{id}/tips']['post']>;
export type TipResult = Json<paths['/api/posts/{id}/tips']['post']['responses'][201]>;
export type TipSummary = Json<paths['/api/posts/{id}/tips']['get']['responses'][200]>;

export type QuestionScope = 'public' | 'mine' | 'inbox';
