import { createContext, useContext } from 'react';
import type { Community, Viewer } from './types';

export interface StudioCommunity {
  community: Community;
  viewer: Viewer;
  /** The owner (or operator) manages settings, plans, members and invitations. */
  canManage: boolean;
  /** Moderators also handle join requests and the review queue. */
  canModerate: boolean;
  /** Base path of this community's studio pages, e.g. /studio/c/ai-club */
  base: string;
}

export const StudioCommunityContext = createContext<StudioCommunity | null>(null);

export function useStudioCommunity(): StudioCommunity {
  const value = useContext(StudioCommunityContext);
  if (!value) throw new Error('useStudioCommunity outside a studio community page');
  return value;
}
