import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem.js';
import { PageQuery } from '../../platform/pagination.js';
import {
  AdminPayoutBody,
  BalancesQuery,
  CommunitiesWithKeys,
  CommunityParams,
  CommunityProviderParams,
  CommunityProviders,
  EnabledProviders,
  PayableBalances,
  ProviderParams,
  SaveKeysBody,
  SiteProviders,
} from './credentials.schemas.js';
import type { CredentialsService } from './credentials.service.js';
import type { PayoutsAdminService } from './payments.admin.service.js';
import { IdempotencyHeaders, Revenue, Settlement, SettlementPage } from './payments.schemas.js';

export interface PaymentsAdminServices {
  credentials: CredentialsService;
  payoutsAdmin: PayoutsAdminService;
}

const tags = ['payments-admin'];

/**
 * The operator's payment settings: provider keys for the site and per community (write-only:
 * answers say which fields are set, never what they hold) and payouts to creators.
 */
export function paymentsAdminRoutes({ credentials, payoutsAdmin }: PaymentsAdminServices) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/admin/payment-providers',
      {
        schema: {
          tags,
          summary: "The site's provider keys: which are set, and whose keys are in use (operator)",
          response: { 200: SiteProviders, ...problemResponses },
        },
      },
      async (request) => credentials.siteStatus(request.actor),
    );
    app.put(
      '/api/admin/payment-providers/:provider',
      {
        schema: {
          tags,
          summary: "Save the site's keys for a provider; blank fields keep their saved value (operator)",
          params: ProviderParams,
          body: SaveKeysBody,
          response: { 200: SiteProviders, ...problemResponses },
        },
      },
      async (request) => credentials.saveSite(request.actor, request.params.provider, request.body),
    );
    app.delete(
      '/api/admin/payment-providers/:provider',
      {
        schema: {
          tags,
          summary: "Delete the site's saved keys for a provider (operator)",
          params: ProviderParams,
          response: { 200: SiteProviders, ...problemResponses },
        },
      },
      async (request) => credentials.deleteSite(request.actor, request.params.provider),
    );

    app.get(
      '/api/admin/payment-providers/communities',
      {
        schema: {
          tags,
          summary: 'Communities with provider keys of their own (operator)',
          querystring: PageQuery,
          response: { 200: CommunitiesWithKeys, ...problemResponses },
        },
      },
      async (request) => credentials.listCommunitiesWithOwnKeys(request.actor, request.query),
    );
    app.get(
      '/api/admin/communities/:id/payment-providers',
      {
        schema: {
          tags,
          summary: "A community's own provider keys and whose keys its payments use (operator)",
          params: CommunityParams,
          response: { 200: CommunityProviders, ...problemResponses },
        },
      },
      async (request) => credentials.communityStatus(request.actor, request.params.id),
    );
    app.put(
      '/api/admin/communities/:id/payment-providers/:provider',
      {
        schema: {
          tags,
          summary: "Save a community's own keys for a provider (operator)",
          params: CommunityProviderParams,
          body: SaveKeysBody,
          response: { 200: CommunityProviders, ...problemResponses },
        },
      },
      async (request) =>
        credentials.saveCommunity(request.actor, request.params.id, request.params.provider, request.body),
    );
    app.delete(
      '/api/admin/communities/:id/payment-providers/:provider',
      {
        schema: {
          tags,
          summary: "Delete a community's own keys; its payments fall back to the site's (operator)",
          params: CommunityProviderParams,
          response: { 200: CommunityProviders, ...problemResponses },
        },
      },
      async (request) =>
        credentials.deleteCommunity(request.actor, request.params.id, request.params.provider),
    );
    app.get(
      '/api/communities/:id/payment-providers',
      {
        schema: {
          tags,
          summary: "The providers a community's buyers may choose, and whose keys each uses (owner)",
          params: CommunityParams,
          response: { 200: EnabledProviders, ...problemResponses },
        },
      },
      async (request) => credentials.enabledFor(request.actor, request.params.id),
    );

    app.get(
      '/api/admin/payouts/balances',
      {
        schema: {
          tags,
          summary: 'Communities whose creators are owed money, per currency (operator)',
          querystring: BalancesQuery,
          response: { 200: PayableBalances, ...problemResponses },
        },
      },
      async (request) => payoutsAdmin.balances(request.actor, request.query),
    );
    app.get(
      '/api/admin/communities/:id/payouts',
      {
        schema: {
          tags,
          summary: "A community's payouts and fees collected, newest first (operator)",
          params: CommunityParams,
          querystring: PageQuery,
          response: { 200: SettlementPage, ...problemResponses },
        },
      },
      async (request) => payoutsAdmin.history(request.actor, request.params.id, request.query),
    );
    app.post(
      '/api/admin/communities/:id/payouts',
      {
        schema: {
          tags,
          summary:
            'Record a payout to the creator, at most what they are owed (operator; honours Idempotency-Key)',
          params: CommunityParams,
          headers: IdempotencyHeaders,
          body: AdminPayoutBody,
          response: {
            201: Type.Object({ payout: Settlement, revenue: Revenue }),
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const result = await payoutsAdmin.record(
          request.actor,
          request.params.id,
          request.body,
          request.headers['idempotency-key'],
        );
        return reply.code(201).send(result);
      },
    );
    app.post(
      '/api/admin/communities/:id/fees-collected',
      {
        schema: {
          tags,
          summary:
            'Record fees a creator paid back for payments into their own account, at most what they owe (operator; honours Idempotency-Key)',
          params: CommunityParams,
          headers: IdempotencyHeaders,
          body: AdminPayoutBody,
          response: {
            201: Type.Object({ feesCollected: Settlement, revenue: Revenue }),
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const result = await payoutsAdmin.recordFeesCollected(
          request.actor,
          request.params.id,
          request.body,
          request.headers['idempotency-key'],
        );
        return reply.code(201).send(result);
      },
    );
  };
}
