import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** Types come from the API's paths, so they follow the generated schema. */
export type User = Json<paths['/api/me']['get']['responses'][200]>['user'];
export type Session = Json<paths['/api/me/sessions']['get']['responses'][200]>['items'][number];
export type RegisterInput = NonNullable<
  paths['/api/auth/register']['post']['requestBody']
>['content']['application/json'];
export type LoginInput = NonNullable<
  paths['/api/auth/login']['post']['requestBody']
>['content']['application/json'];
export type ProfileInput = NonNullable<
  paths['/api/me']['patch']['requestBody']
>['content']['application/json'];
export type PasswordChangeInput = NonNullable<
  paths['/api/me/password']['post']['requestBody']
>['content']['application/json'];
