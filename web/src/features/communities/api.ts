import { api, unwrap } from '../../api/client';
import type {
  CommunityLanding,
  CommunityPage,
  CoursePage,
  JoinInput,
  JoinResult,
  MemberPage,
  MyMembershipPage,
} from './types';

export const DISCOVER_PAGE_SIZE = 12;

export async function fetchCommunities(q: string, cursor?: string): Promise<CommunityPage> {
  const query = { limit: DISCOVER_PAGE_SIZE, ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) };
  return unwrap(api.GET('/api/communities', { params: { query } }));
}

/** The landing page of a community, by its slug or id. */
export async function fetchCommunity(idOrSlug: string): Promise<CommunityLanding> {
  return unwrap(api.GET('/api/communities/{idOrSlug}', { params: { path: { idOrSlug } } }));
}

export async function fetchCourses(communityId: string, cursor?: string): Promise<CoursePage> {
  const query = { limit: 50, ...(cursor ? { cursor } : {}) };
  return unwrap(api.GET('/api/communities/{id}/courses', { params: { path: { id: communityId }, query } }));
}

export async function joinCommunity(communityId: string, input: JoinInput): Promise<JoinResult> {
  return unwrap(
    api.POST('/api/communities/{id}/join', { params: { path: { id: communityId } }, body: input }),
  );
}

export async function fetchMembers(communityId: string, cursor?: string): Promise<MemberPage> {
  const query = { limit: 30, ...(cursor ? { cursor } : {}) };
  return unwrap(api.GET('/api/communities/{id}/members', { params: { path: { id: communityId }, query } }));
}

export async function fetchMyMemberships(): Promise<MyMembershipPage> {
  return unwrap(api.GET('/api/me/memberships', { params: { query: { limit: 50 } } }));
}
