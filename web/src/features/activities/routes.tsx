import type { RouteObject } from 'react-router';
import { AssignmentPage } from './pages/AssignmentPage';
import { AssignmentsPage } from './pages/AssignmentsPage';
import { ChallengePage } from './pages/ChallengePage';
import { ChallengesPage } from './pages/ChallengesPage';
import { PollsPage } from './pages/PollsPage';

/** Members' activities: /c/:slug/{polls,challenges,assignments}, /challenges/:id, /assignments/:id. */
export const activityRoutes: RouteObject[] = [
  { path: 'c/:slug/polls', element: <PollsPage /> },
  { path: 'c/:slug/challenges', element: <ChallengesPage /> },
  { path: 'c/:slug/assignments', element: <AssignmentsPage /> },
  { path: 'challenges/:id', element: <ChallengePage /> },
  { path: 'assignments/:id', element: <AssignmentPage /> },
];
