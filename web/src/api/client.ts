import createClient from 'openapi-fetch';
import { toApiError } from './errors';
import type { paths } from './schema';

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Returns the body of a successful response, or throws an ApiError for a problem. */
export async function unwrap<T>(request: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await request;
  if (!response.ok) throw toApiError(response, error);
  return data as T;
}

/** For endpoints that answer 202/204: only the status matters. */
export async function expectOk(request: Promise<FetchResult<unknown>>): Promise<void> {
  const { error, response } = await request;
  if (!response.ok) throw toApiError(response, error);
}
