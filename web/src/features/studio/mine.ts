import { fetchLanding, fetchMyMemberships } from './api';
import { rememberedCommunities } from './remembered';
import type { Landing } from './types';

/**
 * The communities the signed-in person helps run. No endpoint lists them, so this gathers the
 * candidates it can (memberships, and communities created or opened in the studio on this
 * device), reads each landing page and keeps those where the person has a role.
 */
export async function fetchManagedCommunities(userId: string): Promise<Landing[]> {
  const memberships = await fetchMyMemberships();
  const ids = [...new Set([...rememberedCommunities(userId), ...memberships.map((m) => m.community.id)])];
  const landings = await Promise.allSettled(ids.map((id) => fetchLanding(id)));
  return landings
    .flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))
    .filter((landing) => landing.viewer.role !== null)
    .sort((a, b) => b.community.createdAt - a.community.createdAt);
}
