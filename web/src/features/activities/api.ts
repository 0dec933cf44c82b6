import { api, unwrap } from '../../api/client';
import type {
  Assignment,
  AssignmentPage,
  Calendar,
  Challenge,
  ChallengePage,
  CheckinInput,
  CheckinPage,
  CheckinResult,
  CreateAssignmentInput,
  CreateChallengeInput,
  CreatePollInput,
  LeaderboardPage,
  Poll,
  PollPage,
  ReviewInput,
  Submission,
  SubmissionPage,
  SubmitInput,
} from './types';

const path = (id: string) => ({ params: { path: { id } } });
const page = (id: string, cursor?: string, extra: Record<string, unknown> = {}) => ({
  params: { path: { id }, query: { limit: 20, ...(cursor ? { cursor } : {}), ...extra } },
});

// ── polls ────────────────────────────────────────────────────────────────────

export async function fetchPoll(id: string): Promise<Poll> {
  return (await unwrap(api.GET('/api/polls/{id}', path(id)))).poll;
}

export async function fetchPolls(communityId: string, cursor?: string, postId?: string): Promise<PollPage> {
  return unwrap(api.GET('/api/communities/{id}/polls', page(communityId, cursor, postId ? { postId } : {})));
}

export async function createPoll(communityId: string, input: CreatePollInput): Promise<Poll> {
  return (await unwrap(api.POST('/api/communities/{id}/polls', { ...path(communityId), body: input }))).poll;
}

export async function votePoll(id: string, optionIds: string[]): Promise<Poll> {
  return (await unwrap(api.POST('/api/polls/{id}/votes', { ...path(id), body: { optionIds } }))).poll;
}

export async function retractVote(id: string): Promise<Poll> {
  return (await unwrap(api.DELETE('/api/polls/{id}/votes', path(id)))).poll;
}

export async function closePoll(id: string): Promise<Poll> {
  return (await unwrap(api.POST('/api/polls/{id}/close', path(id)))).poll;
}

// ── challenges ───────────────────────────────────────────────────────────────

export async function fetchChallenges(communityId: string, cursor?: string): Promise<ChallengePage> {
  return unwrap(api.GET('/api/communities/{id}/challenges', page(communityId, cursor)));
}

export async function fetchChallenge(id: string): Promise<Challenge> {
  return (await unwrap(api.GET('/api/challenges/{id}', path(id)))).challenge;
}

export async function createChallenge(communityId: string, input: CreateChallengeInput): Promise<Challenge> {
  return (await unwrap(api.POST('/api/communities/{id}/challenges', { ...path(communityId), body: input })))
    .challenge;
}

export async function checkIn(id: string, input: CheckinInput): Promise<CheckinResult> {
  return unwrap(api.POST('/api/challenges/{id}/checkins', { ...path(id), body: input }));
}

export async function fetchCheckins(id: string, cursor?: string): Promise<CheckinPage> {
  return unwrap(api.GET('/api/challenges/{id}/checkins', page(id, cursor)));
}

export async function fetchLeaderboard(id: string, cursor?: string): Promise<LeaderboardPage> {
  return unwrap(api.GET('/api/challenges/{id}/leaderboard', page(id, cursor)));
}

export async function fetchCalendar(
  communityId: string,
  query: { userId?: string; challengeId?: string; from?: string; to?: string },
): Promise<Calendar> {
  return unwrap(
    api.GET('/api/communities/{id}/checkin-calendar', { params: { path: { id: communityId }, query } }),
  );
}

// ── assignments ──────────────────────────────────────────────────────────────

export async function fetchAssignments(communityId: string, cursor?: string): Promise<AssignmentPage> {
  return unwrap(api.GET('/api/communities/{id}/assignments', page(communityId, cursor)));
}

export async function fetchAssignment(id: string): Promise<Assignment> {
  return (await unwrap(api.GET('/api/assignments/{id}', path(id)))).assignment;
}

export async function createAssignment(
  communityId: string,
  input: CreateAssignmentInput,
): Promise<Assignment> {
  return (await unwrap(api.POST('/api/communities/{id}/assignments', { ...path(communityId), body: input })))
    .assignment;
}

export async function submitAssignment(id: string, input: SubmitInput): Promise<Submission> {
  return (await unwrap(api.PUT('/api/assignments/{id}/submission', { ...path(id), body: input }))).submission;
}

export async function fetchSubmissions(id: string, cursor?: string): Promise<SubmissionPage> {
  return unwrap(api.GET('/api/assignments/{id}/submissions', page(id, cursor)));
}

export async function reviewSubmission(id: string, input: ReviewInput): Promise<Submission> {
  return (await unwrap(api.POST('/api/submissions/{id}/review', { ...path(id), body: input }))).submission;
}

export async function featureSubmission(id: string, featured: boolean): Promise<Submission> {
  return (await unwrap(api.PUT('/api/submissions/{id}/featured', { ...path(id), body: { featured } })))
    .submission;
}
