import { canManageCommunity, canModerate, decideMemberArea, type Viewer } from '../access/access.rules.js';

export type CommunityAction =
  | 'community:update'
  | 'plan:manage'
  | 'role:manage'
  | 'invitation:manage'
  | 'member:grant'
  | 'member:extend'
  | 'member:revoke'
  | 'member:ban'
  | 'member:unban'
  | 'member:list-all'
  | 'member:history'
  | 'join-request:decide';

/** Pure: what the viewer may do in a community. Services call it first. */
export function can(v: Viewer, action: CommunityAction): boolean {
  switch (action) {
    case 'community:update':
    case 'plan:manage':
    case 'role:manage':
    case 'invitation:manage':
    case 'member:grant':
    case 'member:extend':
    case 'member:revoke':
      return canManageCommunity(v);
    case 'member:ban':
    case 'member:unban':
    case 'member:list-all':
    case 'member:history':
    case 'join-request:decide':
      return canModerate(v);
  }
}

/** The member list: the team sees every state; members see active members; others must join. */
export function memberListScope(v: Viewer): 'all' | 'active' | 'none' {
  if (can(v, 'member:list-all')) return 'all';
  return decideMemberArea(v).allow ? 'active' : 'none';
}

/** The team (names and roles): whoever may see the member list. */
export const mayViewTeam = (v: Viewer): boolean => memberListScope(v) !== 'none';

/** Who may create a community, given the operator's setting. */
export function mayCreateCommunity(
  user: { role: 'operator' | 'user' },
  policy: 'anyone' | 'approved',
  approved: boolean,
): boolean {
  return user.role === 'operator' || policy === 'anyone' || approved;
}
