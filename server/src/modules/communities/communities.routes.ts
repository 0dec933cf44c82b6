import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem.js';
import {
  presentCommunity,
  presentManagedCommunity,
  presentPlan,
  presentSummary,
  presentTeamMember,
  presentViewer,
} from './communities.presenter.js';
import {
  ApprovedCreator,
  CommunityEnvelope,
  CommunityLanding,
  CommunityPage,
  CommunityParams,
  CommunityUserParams,
  CreateCommunityBody,
  CreatePlanBody,
  CreationSettings,
  DiscoverQuery,
  IdOrSlugParams,
  ManagedCommunityPage,
  MyCommunitiesQuery,
  PlanEnvelope,
  PlanList,
  PlanParams,
  RoleResponse,
  SetRoleBody,
  TeamList,
  UpdateCommunityBody,
  UpdatePlanBody,
  UserIdParams,
} from './communities.schemas.js';
import type { CommunitiesService } from './communities.service.js';
import type { InvitationsService } from './invitations.service.js';
import { membershipsRoutes } from './memberships.routes.js';
import type { MembershipsService } from './memberships.service.js';

const NoContent = Type.Null();
const tags = ['communities'];

export interface CommunitiesModule {
  communities: CommunitiesService;
  memberships: MembershipsService;
  invitations: InvitationsService;
}

export function communitiesRoutes(module: CommunitiesModule) {
  const { communities } = module;
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/api/communities',
      {
        schema: {
          tags,
          summary: 'Create a community (you become its owner)',
          body: CreateCommunityBody,
          response: { 201: CommunityEnvelope, ...problemResponses },
        },
      },
      async (request, reply) => {
        const community = await communities.create(request.actor, request.body);
        return reply.code(201).send({ community: presentCommunity(community) });
      },
    );

    app.get(
      '/api/communities',
      {
        schema: {
          tags,
          summary: 'Discover listed communities, newest first',
          querystring: DiscoverQuery,
          response: { 200: CommunityPage, ...problemResponses },
        },
      },
      async (request) => {
        const page = await communities.discover(request.query);
        return {
          items: page.items.map((c) => presentSummary(c, page.ranges.get(c.id) ?? [])),
          nextCursor: page.nextCursor,
        };
      },
    );

    app.get(
      '/api/communities/:idOrSlug',
      {
        schema: {
          tags,
          summary: "A community's landing page: settings, plans and what you may do",
          params: IdOrSlugParams,
          response: { 200: CommunityLanding, ...problemResponses },
        },
      },
      async (request) => {
        const { community, plans, viewer, membership } = await communities.landing(
          request.actor,
          request.params.idOrSlug,
        );
        return {
          community: presentCommunity(community),
          plans: plans.map(presentPlan),
          viewer: presentViewer(viewer, community, membership),
        };
      },
    );

    app.get(
      '/api/me/communities',
      {
        schema: {
          tags,
          summary: 'Communities you help run (owner, moderator, contributor), newest first',
          querystring: MyCommunitiesQuery,
          response: { 200: ManagedCommunityPage, ...problemResponses },
        },
      },
      async (request) => {
        const page = await communities.myCommunities(request.actor, request.query);
        return { items: page.items.map(presentManagedCommunity), nextCursor: page.nextCursor };
      },
    );

    app.patch(
      '/api/communities/:idOrSlug',
      {
        schema: {
          tags,
          summary: "Change a community's settings (owner, operator)",
          params: IdOrSlugParams,
          body: UpdateCommunityBody,
          response: { 200: CommunityEnvelope, ...problemResponses },
        },
      },
      async (request) => ({
        community: presentCommunity(
          await communities.update(request.actor, request.params.idOrSlug, request.body),
        ),
      }),
    );

    // ── plans ──────────────────────────────────────────────────────────────

    app.post(
      '/api/communities/:id/plans',
      {
        schema: {
          tags,
          summary: 'Add a pricing plan (owner)',
          params: CommunityParams,
          body: CreatePlanBody,
          response: { 201: PlanEnvelope, ...problemResponses },
        },
      },
      async (request, reply) => {
        const plan = await communities.createPlan(request.actor, request.params.id, request.body);
        return reply.code(201).send({ plan: presentPlan(plan) });
      },
    );

    app.get(
      '/api/communities/:id/plans',
      {
        schema: {
          tags,
          summary: "A community's plans (the team also sees retired ones)",
          params: CommunityParams,
          response: { 200: PlanList, ...problemResponses },
        },
      },
      async (request) => ({
        items: (await communities.listPlans(request.actor, request.params.id)).map(presentPlan),
      }),
    );

    app.patch(
      '/api/plans/:id',
      {
        schema: {
          tags,
          summary: 'Rename, reprice or retire a plan (members keep what they paid)',
          params: PlanParams,
          body: UpdatePlanBody,
          response: { 200: PlanEnvelope, ...problemResponses },
        },
      },
      async (request) => ({
        plan: presentPlan(await communities.updatePlan(request.actor, request.params.id, request.body)),
      }),
    );

    // ── roles ──────────────────────────────────────────────────────────────

    app.get(
      '/api/communities/:id/team',
      {
        schema: {
          tags,
          summary: "A community's team: owner, moderators, contributors (members and the team)",
          params: CommunityParams,
          response: { 200: TeamList, ...problemResponses },
        },
      },
      async (request) => ({
        items: (await communities.team(request.actor, request.params.id)).map(presentTeamMember),
      }),
    );

    app.put(
      '/api/communities/:id/roles/:userId',
      {
        schema: {
          tags,
          summary: 'Appoint a moderator or contributor (owner)',
          params: CommunityUserParams,
          body: SetRoleBody,
          response: { 200: RoleResponse, ...problemResponses },
        },
      },
      async (request) =>
        communities.setRole(request.actor, request.params.id, request.params.userId, request.body.role),
    );

    app.delete(
      '/api/communities/:id/roles/:userId',
      {
        schema: {
          tags,
          summary: "Remove a moderator's or contributor's role (owner)",
          params: CommunityUserParams,
          response: { 204: NoContent, ...problemResponses },
        },
      },
      async (request, reply) => {
        await communities.removeRole(request.actor, request.params.id, request.params.userId);
        return reply.code(204).send(null);
      },
    );

    // ── who may create communities (operator) ────────────────────────────

    app.get(
      '/api/admin/settings/community-creation',
      {
        schema: {
          tags: ['operator'],
          summary: 'Who may create communities',
          response: { 200: CreationSettings, ...problemResponses },
        },
      },
      async (request) => communities.getCreationSettings(request.actor),
    );

    app.put(
      '/api/admin/settings/community-creation',
      {
        schema: {
          tags: ['operator'],
          summary: 'Let anyone, or only approved creators, create communities',
          body: CreationSettings,
          response: { 200: CreationSettings, ...problemResponses },
        },
      },
      async (request) => communities.setCreationSettings(request.actor, request.body.policy),
    );

    app.put(
      '/api/admin/approved-creators/:userId',
      {
        schema: {
          tags: ['operator'],
          summary: 'Approve a user as a community creator',
          params: UserIdParams,
          response: { 200: ApprovedCreator, ...problemResponses },
        },
      },
      async (request) => communities.setApprovedCreator(request.actor, request.params.userId, true),
    );

    app.delete(
      '/api/admin/approved-creators/:userId',
      {
        schema: {
          tags: ['operator'],
          summary: "Withdraw a user's creator approval",
          params: UserIdParams,
          response: { 204: NoContent, ...problemResponses },
        },
      },
      async (request, reply) => {
        await communities.setApprovedCreator(request.actor, request.params.userId, false);
        return reply.code(204).send(null);
      },
    );

    await app.register(membershipsRoutes(module.memberships, module.invitations));
  };
}
