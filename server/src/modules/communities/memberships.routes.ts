import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem.js';
import { PageQuery } from '../../platform/pagination.js';
import {
  presentEvent,
  presentInvitation,
  presentMember,
  presentMembership,
} from './communities.presenter.js';
import {
  CommunityParams,
  CommunityUserParams,
  CreatedInvitation,
  CreateInvitationBody,
  ExtendBody,
  GrantBody,
  InvitationPage,
  InvitationParams,
  JoinBody,
  JoinRequestPage,
  JoinResult,
  MemberPage,
  MemberQuery,
  MembershipEnvelope,
  MembershipEventPage,
  MyMembershipPage,
  OptionalReasonBody,
  ReasonBody,
} from './communities.schemas.js';
import type { InvitationsService } from './invitations.service.js';
import type { MembershipsService } from './memberships.service.js';

const NoContent = Type.Null();
const tags = ['memberships'];

export function membershipsRoutes(memberships: MembershipsService, invitations: InvitationsService) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/api/communities/:id/join',
      {
        schema: {
          tags,
          summary: 'Join with a plan: free plans at once; paid plans await payment; some await approval',
          params: CommunityParams,
          body: JoinBody,
          response: { 200: JoinResult, ...problemResponses },
        },
      },
      async (request) => {
        const { membership, next } = await memberships.join(request.actor, request.params.id, request.body);
        return { membership: presentMembership(membership), next };
      },
    );

    app.post(
      '/api/communities/:id/leave',
      {
        schema: {
          tags,
          summary: 'Leave a community',
          params: CommunityParams,
          response: { 200: MembershipEnvelope, ...problemResponses },
        },
      },
      async (request) => ({
        membership: presentMembership(await memberships.leave(request.actor, request.params.id)),
      }),
    );

    app.get(
      '/api/me/memberships',
      {
        schema: {
          tags,
          summary: 'Your communities and the state of each membership',
          querystring: PageQuery,
          response: { 200: MyMembershipPage, ...problemResponses },
        },
      },
      async (request) => {
        const page = await memberships.myMemberships(request.actor, request.query);
        return {
          items: page.items.map((row) => {
            const { community_slug, community_name, ...membership } = row;
            return {
              membership: presentMembership(membership),
              community: { id: membership.community_id, slug: community_slug, name: community_name },
            };
          }),
          nextCursor: page.nextCursor,
        };
      },
    );

    // ── join requests ──────────────────────────────────────────────────────

    app.get(
      '/api/communities/:id/join-requests',
      {
        schema: {
          tags,
          summary: 'Join requests awaiting a decision, oldest first (owner, moderators)',
          params: CommunityParams,
          querystring: PageQuery,
          response: { 200: JoinRequestPage, ...problemResponses },
        },
      },
      async (request) => {
        const page = await memberships.listJoinRequests(request.actor, request.params.id, request.query);
        return {
          items: page.items.map((r) => ({
            userId: r.user_id,
            displayName: r.display_name,
            planId: r.plan_id,
            requestedAt: r.updated_at,
          })),
          nextCursor: page.nextCursor,
        };
      },
    );

    app.post(
      '/api/communities/:id/join-requests/:userId/approve',
      {
        schema: {
          tags,
          summary: 'Approve a join request (a paid plan then awaits payment)',
          params: CommunityUserParams,
          response: { 200: JoinResult, ...problemResponses },
        },
      },
      async (request) => {
        const { membership, next } = await memberships.approve(
          request.actor,
          request.params.id,
          request.params.userId,
        );
        return { membership: presentMembership(membership), next };
      },
    );

    app.post(
      '/api/communities/:id/join-requests/:userId/reject',
      {
        schema: {
          tags,
          summary: 'Reject a join request',
          params: CommunityUserParams,
          body: OptionalReasonBody,
          response: { 200: MembershipEnvelope, ...problemResponses },
        },
      },
      async (request) => ({
        membership: presentMembership(
          await memberships.reject(
            request.actor,
            request.params.id,
            request.params.userId,
            request.body?.reason,
          ),
        ),
      }),
    );

    // ── members ────────────────────────────────────────────────────────────

    app.get(
      '/api/communities/:id/members',
      {
        schema: {
          tags,
          summary: 'Members: the team sees every state and may filter; members see active members',
          params: CommunityParams,
          querystring: MemberQuery,
          response: { 200: MemberPage, ...problemResponses },
        },
      },
      async (request) => {
        const page = await memberships.listMembers(request.actor, request.params.id, request.query);
        return { items: page.items.map((m) => presentMember(m, page.full)), nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/api/communities/:id/members/:userId/history',
      {
        schema: {
          tags,
          summary: "A membership's history, newest first (the team, or the member)",
          params: CommunityUserParams,
          querystring: PageQuery,
          response: { 200: MembershipEventPage, ...problemResponses },
        },
      },
      async (request) => {
        const page = await memberships.history(
          request.actor,
          request.params.id,
          request.params.userId,
          request.query,
        );
        return { items: page.items.map(presentEvent), nextCursor: page.nextCursor };
      },
    );

    app.post(
      '/api/communities/:id/members/:userId/grant',
      {
        schema: {
          tags,
          summary: 'Grant a membership by hand (owner)',
          params: CommunityUserParams,
          body: GrantBody,
          response: { 200: MembershipEnvelope, ...problemResponses },
        },
      },
      async (request) => {
        const { membership } = await memberships.grant(
          request.actor,
          request.params.id,
          request.params.userId,
          request.body,
        );
        return { membership: presentMembership(membership) };
      },
    );

    app.post(
      '/api/communities/:id/members/:userId/extend',
      {
        schema: {
          tags,
          summary: "Add days to a membership's end (owner)",
          params: CommunityUserParams,
          body: ExtendBody,
          response: { 200: MembershipEnvelope, ...problemResponses },
        },
      },
      async (request) => {
        const { membership } = await memberships.extend(
          request.actor,
          request.params.id,
          request.params.userId,
          request.body,
        );
        return { membership: presentMembership(membership) };
      },
    );

    app.post(
      '/api/communities/:id/members/:userId/revoke',
      {
        schema: {
          tags,
          summary: 'End a membership (owner)',
          params: CommunityUserParams,
          body: ReasonBody,
          response: { 200: MembershipEnvelope, ...problemResponses },
        },
      },
      async (request) => ({
        membership: presentMembership(
          await memberships.revoke(
            request.actor,
            request.params.id,
            request.params.userId,
            request.body.reason,
          ),
        ),
      }),
    );

    app.post(
      '/api/communities/:id/members/:userId/ban',
      {
        schema: {
          tags,
          summary: 'Ban a user from the community (owner, moderators)',
          params: CommunityUserParams,
          body: ReasonBody,
          response: { 200: MembershipEnvelope, ...problemResponses },
        },
      },
      async (request) => ({
        membership: presentMembership(
          await memberships.ban(request.actor, request.params.id, request.params.userId, request.body.reason),
        ),
      }),
    );

    app.post(
      '/api/communities/:id/members/:userId/unban',
      {
        schema: {
          tags,
          summary: 'Lift a ban (owner, moderators); the user may join again',
          params: CommunityUserParams,
          body: OptionalReasonBody,
          response: { 200: MembershipEnvelope, ...problemResponses },
        },
      },
      async (request) => ({
        membership: presentMembership(
          await memberships.unban(
            request.actor,
            request.params.id,
            request.params.userId,
            request.body?.reason,
          ),
        ),
      }),
    );

    // ── invitations ────────────────────────────────────────────────────────

    app.post(
      '/api/communities/:id/invitations',
      {
        schema: {
          tags,
          summary: 'Create an invitation link (owner); the token is shown only now',
          params: CommunityParams,
          body: CreateInvitationBody,
          response: { 201: CreatedInvitation, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await invitations.create(request.actor, request.params.id, request.body)),
    );

    app.get(
      '/api/communities/:id/invitations',
      {
        schema: {
          tags,
          summary: "A community's invitations, newest first (owner)",
          params: CommunityParams,
          querystring: PageQuery,
          response: { 200: InvitationPage, ...problemResponses },
        },
      },
      async (request) => {
        const page = await invitations.list(request.actor, request.params.id, request.query);
        return { items: page.items.map(presentInvitation), nextCursor: page.nextCursor };
      },
    );

    app.delete(
      '/api/communities/:id/invitations/:invId',
      {
        schema: {
          tags,
          summary: 'Revoke an invitation (owner)',
          params: InvitationParams,
          response: { 204: NoContent, ...problemResponses },
        },
      },
      async (request, reply) => {
        await invitations.revoke(request.actor, request.params.id, request.params.invId);
        return reply.code(204).send(null);
      },
    );
  };
}
