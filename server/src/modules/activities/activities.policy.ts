/** Pure: who may do what with a community's polls, challenges and assignments. */
import { canManageCommunity, canModerate, hasMemberAccess, type Viewer } from '../access/access.rules.js';

export type ActivityAction =
  | 'poll:create'
  | 'poll:vote'
  | 'challenge:create'
  | 'challenge:checkin'
  | 'assignment:create'
  | 'assignment:submit'
  | 'submission:review';

/** Everything here is member content: the member area's rule, plus who runs each activity. */
export function can(v: Viewer, action: ActivityAction): boolean {
  if (!hasMemberAccess(v)) return false;
  switch (action) {
    case 'poll:create':
    case 'poll:vote':
    case 'challenge:checkin':
    case 'assignment:submit':
      return v.userId !== null;
    case 'challenge:create':
      return canModerate(v);
    case 'assignment:create':
      return canManageCommunity(v) || v.staffRole === 'contributor';
    case 'submission:review':
      return canModerate(v) || v.staffRole === 'contributor';
  }
}

/** Closing early: the poll's author or a moderator. */
export const canClosePoll = (v: Viewer, poll: { author_id: string }): boolean =>
  hasMemberAccess(v) && ((v.userId !== null && v.userId === poll.author_id) || canModerate(v));

/** Sees results before they open to everyone: the same people who may close it. */
export const runsPoll = canClosePoll;
