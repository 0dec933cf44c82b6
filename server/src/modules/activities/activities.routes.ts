import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { problemResponses } from '../../http/problem.js';
import type { ActivitiesDeps } from './activities.context.js';
import {
  AssignmentEnvelope,
  AssignmentPage,
  Calendar,
  CalendarQuery,
  ChallengeEnvelope,
  ChallengePage,
  CheckinBody,
  CheckinPage,
  CheckinResult,
  CommunityIdParams,
  CreateAssignmentBody,
  CreateChallengeBody,
  CreatePollBody,
  FeatureBody,
  IdParams,
  LeaderboardPage,
  PageQuery,
  PollEnvelope,
  PollListQuery,
  PollPage,
  ReviewBody,
  SubmissionEnvelope,
  SubmissionListQuery,
  SubmissionPage,
  SubmitBody,
  VoteBody,
} from './activities.schemas.js';
import { AssignmentsService } from './assignments.service.js';
import { ChallengesService } from './challenges.service.js';
import { PollsService } from './polls.service.js';

export interface ActivitiesServices {
  polls: PollsService;
  challenges: ChallengesService;
  assignments: AssignmentsService;
}

export function createActivities(deps: ActivitiesDeps): ActivitiesServices {
  return {
    polls: new PollsService(deps),
    challenges: new ChallengesService(deps),
    assignments: new AssignmentsService(deps),
  };
}

export function activitiesRoutes({ polls, challenges, assignments }: ActivitiesServices) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    // ── polls ────────────────────────────────────────────────────────────────
    const pollTags = ['polls'];
    app.post(
      '/api/communities/:id/polls',
      {
        schema: {
          tags: pollTags,
          summary: 'Create a poll (members), optionally attached to a discussion post',
          params: CommunityIdParams,
          body: CreatePollBody,
          response: { 201: PollEnvelope, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send({ poll: await polls.create(request.actor, request.params.id, request.body) }),
    );
    app.get(
      '/api/communities/:id/polls',
      {
        schema: {
          tags: pollTags,
          summary: "A community's polls, newest first (postId: those of one post)",
          params: CommunityIdParams,
          querystring: PollListQuery,
          response: { 200: PollPage, ...problemResponses },
        },
      },
      async (request) => polls.list(request.actor, request.params.id, request.query),
    );
    app.get(
      '/api/polls/:id',
      {
        schema: {
          tags: pollTags,
          summary: 'A poll with your vote, and its results when you may see them',
          params: IdParams,
          response: { 200: PollEnvelope, ...problemResponses },
        },
      },
      async (request) => ({ poll: await polls.get(request.actor, request.params.id) }),
    );
    app.post(
      '/api/polls/:id/votes',
      {
        schema: {
          tags: pollTags,
          summary: 'Vote, or change your vote, until the poll closes (409 poll_closed after)',
          params: IdParams,
          body: VoteBody,
          response: { 200: PollEnvelope, ...problemResponses },
        },
      },
      async (request) => ({
        poll: await polls.vote(request.actor, request.params.id, request.body.optionIds),
      }),
    );
    app.delete(
      '/api/polls/:id/votes',
      {
        schema: {
          tags: pollTags,
          summary: 'Withdraw your vote while the poll is open',
          params: IdParams,
          response: { 200: PollEnvelope, ...problemResponses },
        },
      },
      async (request) => ({ poll: await polls.retract(request.actor, request.params.id) }),
    );
    app.post(
      '/api/polls/:id/close',
      {
        schema: {
          tags: pollTags,
          summary: 'Close a poll now (its author or a moderator)',
          params: IdParams,
          response: { 200: PollEnvelope, ...problemResponses },
        },
      },
      async (request) => ({ poll: await polls.close(request.actor, request.params.id) }),
    );

    // ── check-in challenges ──────────────────────────────────────────────────
    const challengeTags = ['challenges'];
    app.post(
      '/api/communities/:id/challenges',
      {
        schema: {
          tags: challengeTags,
          summary: 'Create a check-in challenge (owner, moderators)',
          params: CommunityIdParams,
          body: CreateChallengeBody,
          response: { 201: ChallengeEnvelope, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send({ challenge: await challenges.create(request.actor, request.params.id, request.body) }),
    );
    app.get(
      '/api/communities/:id/challenges',
      {
        schema: {
          tags: challengeTags,
          summary: "A community's check-in challenges, newest first, with your streak in each",
          params: CommunityIdParams,
          querystring: PageQuery,
          response: { 200: ChallengePage, ...problemResponses },
        },
      },
      async (request) => challenges.list(request.actor, request.params.id, request.query),
    );
    app.get(
      '/api/communities/:id/checkin-calendar',
      {
        schema: {
          tags: challengeTags,
          summary: "A member's check-ins per day (community time zone), for a heat-map",
          params: CommunityIdParams,
          querystring: CalendarQuery,
          response: { 200: Calendar, ...problemResponses },
        },
      },
      async (request) => challenges.calendar(request.actor, request.params.id, request.query),
    );
    app.get(
      '/api/challenges/:id',
      {
        schema: {
          tags: challengeTags,
          summary: 'A challenge with your streak and completion rate',
          params: IdParams,
          response: { 200: ChallengeEnvelope, ...problemResponses },
        },
      },
      async (request) => ({ challenge: await challenges.get(request.actor, request.params.id) }),
    );
    app.post(
      '/api/challenges/:id/checkins',
      {
        schema: {
          tags: challengeTags,
          summary: 'Check in for today (this week, for weekly challenges); a second one returns the first',
          params: IdParams,
          body: CheckinBody,
          response: { 200: CheckinResult, 201: CheckinResult, ...problemResponses },
        },
      },
      async (request, reply) => {
        const result = await challenges.checkIn(request.actor, request.params.id, request.body);
        return reply.code(result.created ? 201 : 200).send(result);
      },
    );
    app.get(
      '/api/challenges/:id/checkins',
      {
        schema: {
          tags: challengeTags,
          summary: "A challenge's check-ins, newest first",
          params: IdParams,
          querystring: PageQuery,
          response: { 200: CheckinPage, ...problemResponses },
        },
      },
      async (request) => challenges.listCheckins(request.actor, request.params.id, request.query),
    );
    app.get(
      '/api/challenges/:id/leaderboard',
      {
        schema: {
          tags: challengeTags,
          summary: 'Members by check-ins, most first',
          params: IdParams,
          querystring: PageQuery,
          response: { 200: LeaderboardPage, ...problemResponses },
        },
      },
      async (request) => challenges.leaderboard(request.actor, request.params.id, request.query),
    );

    // ── assignments ──────────────────────────────────────────────────────────
    const assignmentTags = ['assignments'];
    app.post(
      '/api/communities/:id/assignments',
      {
        schema: {
          tags: assignmentTags,
          summary: 'Post an assignment with a due time (owner, contributors)',
          params: CommunityIdParams,
          body: CreateAssignmentBody,
          response: { 201: AssignmentEnvelope, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send({ assignment: await assignments.create(request.actor, request.params.id, request.body) }),
    );
    app.get(
      '/api/communities/:id/assignments',
      {
        schema: {
          tags: assignmentTags,
          summary: "A community's assignments, newest first, with your submission",
          params: CommunityIdParams,
          querystring: PageQuery,
          response: { 200: AssignmentPage, ...problemResponses },
        },
      },
      async (request) => assignments.list(request.actor, request.params.id, request.query),
    );
    app.get(
      '/api/assignments/:id',
      {
        schema: {
          tags: assignmentTags,
          summary: 'An assignment with your submission',
          params: IdParams,
          response: { 200: AssignmentEnvelope, ...problemResponses },
        },
      },
      async (request) => ({ assignment: await assignments.get(request.actor, request.params.id) }),
    );
    app.put(
      '/api/assignments/:id/submission',
      {
        schema: {
          tags: assignmentTags,
          summary: 'Submit, or resubmit until reviewed (409 submission_reviewed after); late ones are marked',
          params: IdParams,
          body: SubmitBody,
          response: { 200: SubmissionEnvelope, ...problemResponses },
        },
      },
      async (request) => ({
        submission: await assignments.submit(request.actor, request.params.id, request.body),
      }),
    );
    app.get(
      '/api/assignments/:id/submissions',
      {
        schema: {
          tags: assignmentTags,
          summary: 'Submissions, newest first: all for reviewers, featured ones for members',
          params: IdParams,
          querystring: SubmissionListQuery,
          response: { 200: SubmissionPage, ...problemResponses },
        },
      },
      async (request) => assignments.listSubmissions(request.actor, request.params.id, request.query),
    );
    app.get(
      '/api/submissions/:id',
      {
        schema: {
          tags: assignmentTags,
          summary: 'One submission (its author, reviewers, or anyone once featured)',
          params: IdParams,
          response: { 200: SubmissionEnvelope, ...problemResponses },
        },
      },
      async (request) => ({ submission: await assignments.getSubmission(request.actor, request.params.id) }),
    );
    app.post(
      '/api/submissions/:id/review',
      {
        schema: {
          tags: assignmentTags,
          summary: 'Score a submission and give feedback (owner, moderators, contributors)',
          params: IdParams,
          body: ReviewBody,
          response: { 200: SubmissionEnvelope, ...problemResponses },
        },
      },
      async (request) => ({
        submission: await assignments.review(request.actor, request.params.id, request.body),
      }),
    );
    app.put(
      '/api/submissions/:id/featured',
      {
        schema: {
          tags: assignmentTags,
          summary: 'Feature a submission for all members, or stop featuring it (reviewers)',
          params: IdParams,
          body: FeatureBody,
          response: { 200: SubmissionEnvelope, ...problemResponses },
        },
      },
      async (request) => ({
        submission: await assignments.setFeatured(request.actor, request.params.id, request.body.featured),
      }),
    );
  };
}
