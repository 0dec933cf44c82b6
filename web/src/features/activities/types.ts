import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Body<T> = T extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** Types come from the API's paths, so they follow the generated schema. */
export type Poll = Json<paths['/api/polls/{id}']['get']['responses'][200]>['poll'];
export type PollOption = Poll['options'][number];
export type PollPage = Json<paths['/api/communities/{id}/polls']['get']['responses'][200]>;
export type CreatePollInput = Body<paths['/api/communities/{id}/polls']['post']>;

export type Challenge = Json<paths['/api/challenges/{id}']['get']['responses'][200]>['challenge'];
export type ChallengePage = Json<paths['/api/communities/{id}/challenges']['get']['responses'][200]>;
export type CreateChallengeInput = Body<paths['/api/communities/{id}/challenges']['post']>;
export type CheckinInput = Body<paths['/api/challenges/{id}/checkins']['post']>;
export type CheckinResult = Json<paths['/api/challenges/{id}/checkins']['post']['responses'][201]>;
export type MyChallengeStats = CheckinResult['me'];
export type CheckinPage = Json<paths['/api/challenges/{id}/checkins']['get']['responses'][200]>;
export type Checkin = CheckinPage['items'][number];
export type LeaderboardPage = Json<paths['/api/challenges/{id}/leaderboard']['get']['responses'][200]>;
export type LeaderboardEntry = LeaderboardPage['items'][number];
export type Calendar = Json<paths['/api/communities/{id}/checkin-calendar']['get']['responses'][200]>;

export type Assignment = Json<paths['/api/assignments/{id}']['get']['responses'][200]>['assignment'];
export type AssignmentPage = Json<paths['/api/communities/{id}/assignments']['get']['responses'][200]>;
export type CreateAssignmentInput = Body<paths['/api/communities/{id}/assignments']['post']>;
export type Submission = Json<paths['/api/submissions/{id}']['get']['responses'][200]>['submission'];
export type SubmissionPage = Json<paths['/api/assignments/{id}/submissions']['get']['responses'][200]>;
export type SubmitInput = Body<paths['/api/assignments/{id}/submission']['put']>;
export type ReviewInput = Body<paths['/api/submissions/{id}/review']['post']>;
