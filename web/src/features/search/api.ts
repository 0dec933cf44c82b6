import { toApiError } from '../../api/errors';
import type { SearchPage, SearchParams } from './types';

export const SEARCH_PAGE_SIZE = 20;

/** GET /api/search (plain fetch until the typed client is regenerated with this route). */
export async function fetchSearch(params: SearchParams, cursor?: string): Promise<SearchPage> {
  const query = new URLSearchParams({ q: params.q, limit: String(SEARCH_PAGE_SIZE) });
  if (params.community) query.set('community', params.community);
  if (params.kind) query.set('kind', params.kind);
  if (cursor) query.set('cursor', cursor);
  const response = await fetch(`/api/search?${query}`, { credentials: 'same-origin' });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw toApiError(response, body);
  return body as SearchPage;
}
