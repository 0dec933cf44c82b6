import { useInfiniteQuery } from '@tanstack/react-query';
import { fetchSearch } from './api';
import type { SearchParams } from './types';

export const searchKeys = {
  all: ['search'] as const,
  results: (p: SearchParams) => ['search', p.q, p.community ?? '', p.kind ?? ''] as const,
};

export function useSearch(params: SearchParams) {
  return useInfiniteQuery({
    queryKey: searchKeys.results(params),
    queryFn: ({ pageParam }) => fetchSearch(params, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: params.q.trim().length > 0,
  });
}
