import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as admin from './api';
import type { KeyedProvider, PayoutInput, SaveKeysInput } from './types';

export const adminKeys = {
  site: ['admin', 'providers', 'site'] as const,
  community: (idOrSlug: string) => ['admin', 'providers', 'community', idOrSlug] as const,
  withKeys: ['admin', 'providers', 'communities'] as const,
  balances: ['admin', 'payouts', 'balances'] as const,
  payouts: (communityId: string) => ['admin', 'payouts', communityId] as const,
  mail: ['admin', 'mail'] as const,
};

const nextCursor = (page: { nextCursor: string | null }) => page.nextCursor ?? undefined;

export const useSiteProviders = () =>
  useQuery({ queryKey: adminKeys.site, queryFn: admin.fetchSiteProviders });

export const useCommunityProviders = (idOrSlug: string | null) =>
  useQuery({
    queryKey: adminKeys.community(idOrSlug ?? ''),
    queryFn: () => admin.fetchCommunityProviders(idOrSlug ?? ''),
    enabled: Boolean(idOrSlug),
    retry: false,
  });

export const useCommunitiesWithKeys = () =>
  useQuery({ queryKey: adminKeys.withKeys, queryFn: admin.fetchCommunitiesWithKeys });

/** Saves or deletes keys for the site (`community` null) or one community. */
export function useProviderKeys(community: string | null) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'providers'] });
  const save = useMutation({
    mutationFn: async ({ provider, body }: { provider: KeyedProvider; body: SaveKeysInput }) => {
      await (community
        ? admin.saveCommunityKeys(community, provider, body)
        : admin.saveSiteKeys(provider, body));
    },
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: async (provider: KeyedProvider) => {
      await (community ? admin.deleteCommunityKeys(community, provider) : admin.deleteSiteKeys(provider));
    },
    onSuccess: refresh,
  });
  return { save, remove };
}

export const useBalances = () =>
  useInfiniteQuery({
    queryKey: adminKeys.balances,
    queryFn: ({ pageParam }) => admin.fetchBalances(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
  });

export const usePayouts = (communityId: string | null) =>
  useInfiniteQuery({
    queryKey: adminKeys.payouts(communityId ?? ''),
    queryFn: ({ pageParam }) => admin.fetchPayouts(communityId ?? '', pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
    enabled: Boolean(communityId),
  });

export function useRecordPayout(communityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: PayoutInput; idempotencyKey: string }) =>
      admin.recordPayout(communityId, body, idempotencyKey),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'payouts'] }),
  });
}

export function useRecordFeesCollected(communityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: PayoutInput; idempotencyKey: string }) =>
      admin.recordFeesCollected(communityId, body, idempotencyKey),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'payouts'] }),
  });
}

export const useMail = () =>
  useInfiniteQuery({
    queryKey: adminKeys.mail,
    queryFn: ({ pageParam }) => admin.fetchMail(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
  });
