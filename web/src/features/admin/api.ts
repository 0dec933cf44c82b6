import { api, unwrap } from '../../api/client';
import type {
  CommunitiesWithKeys,
  CommunityProviders,
  KeyedProvider,
  MailPage,
  PayableBalances,
  Payout,
  PayoutInput,
  PayoutPage,
  SaveKeysInput,
  SiteProviders,
} from './types';

// ── provider keys ────────────────────────────────────────────────────────

export const fetchSiteProviders = (): Promise<SiteProviders> =>
  unwrap(api.GET('/api/admin/payment-providers'));

export const saveSiteKeys = (provider: KeyedProvider, body: SaveKeysInput): Promise<SiteProviders> =>
  unwrap(api.PUT('/api/admin/payment-providers/{provider}', { params: { path: { provider } }, body }));

export const deleteSiteKeys = (provider: KeyedProvider): Promise<SiteProviders> =>
  unwrap(api.DELETE('/api/admin/payment-providers/{provider}', { params: { path: { provider } } }));

export const fetchCommunitiesWithKeys = (): Promise<CommunitiesWithKeys> =>
  unwrap(api.GET('/api/admin/payment-providers/communities', { params: { query: { limit: 100 } } }));

export const fetchCommunityProviders = (idOrSlug: string): Promise<CommunityProviders> =>
  unwrap(api.GET('/api/admin/communities/{id}/payment-providers', { params: { path: { id: idOrSlug } } }));

export const saveCommunityKeys = (
  idOrSlug: string,
  provider: KeyedProvider,
  body: SaveKeysInput,
): Promise<CommunityProviders> =>
  unwrap(
    api.PUT('/api/admin/communities/{id}/payment-providers/{provider}', {
      params: { path: { id: idOrSlug, provider } },
      body,
    }),
  );

export const deleteCommunityKeys = (idOrSlug: string, provider: KeyedProvider): Promise<CommunityProviders> =>
  unwrap(
    api.DELETE('/api/admin/communities/{id}/payment-providers/{provider}', {
      params: { path: { id: idOrSlug, provider } },
    }),
  );

// ── payouts ──────────────────────────────────────────────────────────────

export const fetchBalances = (cursor?: string): Promise<PayableBalances> =>
  unwrap(api.GET('/api/admin/payouts/balances', { params: { query: { limit: 50, cursor } } }));

export const fetchPayouts = (communityId: string, cursor?: string): Promise<PayoutPage> =>
  unwrap(
    api.GET('/api/admin/communities/{id}/payouts', {
      params: { path: { id: communityId }, query: { limit: 20, cursor } },
    }),
  );

/** The same key for the same form submission: a second click records nothing more. */
export const recordPayout = (
  communityId: string,
  body: PayoutInput,
  idempotencyKey: string,
): Promise<{ payout: Payout }> =>
  unwrap(
    api.POST('/api/admin/communities/{id}/payouts', {
      params: { path: { id: communityId }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );

/** Fees a creator paid back for payments into their own account; same key, same submission. */
export const recordFeesCollected = (
  communityId: string,
  body: PayoutInput,
  idempotencyKey: string,
): Promise<{ feesCollected: Payout }> =>
  unwrap(
    api.POST('/api/admin/communities/{id}/fees-collected', {
      params: { path: { id: communityId }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );

// ── mail ─────────────────────────────────────────────────────────────────

export const fetchMail = (cursor?: string): Promise<MailPage> =>
  unwrap(api.GET('/api/admin/mail', { params: { query: { limit: 20, cursor } } }));
