import { api, expectOk, unwrap } from '../../api/client';
import type {
  CoursePage,
  CreateCommunityInput,
  CreateCourseInput,
  CreatedInvitation,
  CreateInvitationInput,
  CreateLessonInput,
  CreatePlanInput,
  ExtendInput,
  GrantInput,
  HistoryPage,
  InvitationPage,
  JoinRequestPage,
  ManagedCommunityPage,
  MemberPage,
  MemberQuery,
  Move,
  StaffRole,
  Team,
  UpdateCommunityInput,
  UpdateCourseInput,
  UpdateLessonInput,
  UpdatePlanInput,
} from './types';

const path = (id: string) => ({ params: { path: { id } } });
const member = (id: string, userId: string) => ({ params: { path: { id, userId } } });

// ── communities ──────────────────────────────────────────────────────────

export const fetchLanding = (idOrSlug: string) =>
  unwrap(api.GET('/api/communities/{idOrSlug}', { params: { path: { idOrSlug } } }));

/** The communities the signed-in person helps run, newest first, a page at a time. */
export const fetchManagedCommunities = (cursor?: string): Promise<ManagedCommunityPage> =>
  unwrap(api.GET('/api/me/communities', { params: { query: { limit: 24, cursor } } }));

export async function createCommunity(body: CreateCommunityInput) {
  return (await unwrap(api.POST('/api/communities', { body }))).community;
}

export async function updateCommunity(idOrSlug: string, body: UpdateCommunityInput) {
  return (await unwrap(api.PATCH('/api/communities/{idOrSlug}', { params: { path: { idOrSlug } }, body })))
    .community;
}

export async function previewMarkdown(source: string): Promise<string> {
  return (await unwrap(api.POST('/api/markdown/preview', { body: { source } }))).html;
}

// ── plans ────────────────────────────────────────────────────────────────

export async function fetchPlans(communityId: string) {
  return (await unwrap(api.GET('/api/communities/{id}/plans', path(communityId)))).items;
}

export async function createPlan(communityId: string, body: CreatePlanInput) {
  return (await unwrap(api.POST('/api/communities/{id}/plans', { ...path(communityId), body }))).plan;
}

export async function updatePlan(planId: string, body: UpdatePlanInput) {
  return (await unwrap(api.PATCH('/api/plans/{id}', { ...path(planId), body }))).plan;
}

// ── members, roles, join requests ─────────────────────────────────────────

export const fetchMembers = (communityId: string, query: MemberQuery): Promise<MemberPage> =>
  unwrap(api.GET('/api/communities/{id}/members', { params: { path: { id: communityId }, query } }));

export async function fetchTeam(communityId: string): Promise<Team> {
  return (await unwrap(api.GET('/api/communities/{id}/team', path(communityId)))).items;
}

export const fetchHistory = (communityId: string, userId: string, cursor?: string): Promise<HistoryPage> =>
  unwrap(
    api.GET('/api/communities/{id}/members/{userId}/history', {
      params: { path: { id: communityId, userId }, query: { limit: 20, cursor } },
    }),
  );

export const grantMembership = (communityId: string, userId: string, body: GrantInput) =>
  unwrap(api.POST('/api/communities/{id}/members/{userId}/grant', { ...member(communityId, userId), body }));

export const extendMembership = (communityId: string, userId: string, body: ExtendInput) =>
  unwrap(api.POST('/api/communities/{id}/members/{userId}/extend', { ...member(communityId, userId), body }));

export const revokeMembership = (communityId: string, userId: string, reason: string) =>
  unwrap(
    api.POST('/api/communities/{id}/members/{userId}/revoke', {
      ...member(communityId, userId),
      body: { reason },
    }),
  );

export const banMember = (communityId: string, userId: string, reason: string) =>
  unwrap(
    api.POST('/api/communities/{id}/members/{userId}/ban', {
      ...member(communityId, userId),
      body: { reason },
    }),
  );

export const unbanMember = (communityId: string, userId: string, reason?: string) =>
  unwrap(
    api.POST('/api/communities/{id}/members/{userId}/unban', {
      ...member(communityId, userId),
      body: reason ? { reason } : {},
    }),
  );

export const setRole = (communityId: string, userId: string, role: StaffRole) =>
  unwrap(api.PUT('/api/communities/{id}/roles/{userId}', { ...member(communityId, userId), body: { role } }));

export const removeRole = (communityId: string, userId: string) =>
  expectOk(api.DELETE('/api/communities/{id}/roles/{userId}', member(communityId, userId)));

export const fetchJoinRequests = (communityId: string, cursor?: string): Promise<JoinRequestPage> =>
  unwrap(
    api.GET('/api/communities/{id}/join-requests', {
      params: { path: { id: communityId }, query: { limit: 20, cursor } },
    }),
  );

export const approveJoinRequest = (communityId: string, userId: string) =>
  unwrap(api.POST('/api/communities/{id}/join-requests/{userId}/approve', member(communityId, userId)));

export const rejectJoinRequest = (communityId: string, userId: string, reason?: string) =>
  unwrap(
    api.POST('/api/communities/{id}/join-requests/{userId}/reject', {
      ...member(communityId, userId),
      body: reason ? { reason } : {},
    }),
  );

// ── invitations ──────────────────────────────────────────────────────────

export const fetchInvitations = (communityId: string, cursor?: string): Promise<InvitationPage> =>
  unwrap(
    api.GET('/api/communities/{id}/invitations', {
      params: { path: { id: communityId }, query: { limit: 20, cursor } },
    }),
  );

export const createInvitation = (
  communityId: string,
  body: CreateInvitationInput,
): Promise<CreatedInvitation> =>
  unwrap(api.POST('/api/communities/{id}/invitations', { ...path(communityId), body }));

export const revokeInvitation = (communityId: string, invId: string) =>
  expectOk(
    api.DELETE('/api/communities/{id}/invitations/{invId}', { params: { path: { id: communityId, invId } } }),
  );

// ── courses, chapters, lessons ───────────────────────────────────────────

export const fetchCourses = (communityId: string, cursor?: string): Promise<CoursePage> =>
  unwrap(
    api.GET('/api/communities/{id}/courses', {
      params: { path: { id: communityId }, query: { limit: 50, cursor } },
    }),
  );

export const createCourse = (communityId: string, body: CreateCourseInput) =>
  unwrap(api.POST('/api/communities/{id}/courses', { ...path(communityId), body }));

export const fetchOutline = (courseId: string) => unwrap(api.GET('/api/courses/{id}', path(courseId)));

export const updateCourse = (courseId: string, body: UpdateCourseInput) =>
  unwrap(api.PATCH('/api/courses/{id}', { ...path(courseId), body }));

export const createChapter = (courseId: string, title: string) =>
  unwrap(api.POST('/api/courses/{id}/chapters', { ...path(courseId), body: { title } }));

export const moveChapter = (chapterId: string, move: Move) =>
  unwrap(api.PATCH('/api/chapters/{id}', { ...path(chapterId), body: { move } }));

export const renameChapter = (chapterId: string, title: string) =>
  unwrap(api.PATCH('/api/chapters/{id}', { ...path(chapterId), body: { title } }));

export const createLesson = (chapterId: string, body: CreateLessonInput) =>
  unwrap(api.POST('/api/chapters/{id}/lessons', { ...path(chapterId), body }));

export const fetchLesson = (lessonId: string) => unwrap(api.GET('/api/lessons/{id}', path(lessonId)));

export const updateLesson = (lessonId: string, body: UpdateLessonInput) =>
  unwrap(api.PATCH('/api/lessons/{id}', { ...path(lessonId), body }));

export const moveLesson = (lessonId: string, move: Move) => updateLesson(lessonId, { move });

/** To the end of another chapter of the same course. */
export const moveLessonToChapter = (lessonId: string, chapterId: string) =>
  updateLesson(lessonId, { move: { chapterId } });

export const deleteCourse = (courseId: string) => expectOk(api.DELETE('/api/courses/{id}', path(courseId)));

export const deleteChapter = (chapterId: string) =>
  expectOk(api.DELETE('/api/chapters/{id}', path(chapterId)));

export const deleteLesson = (lessonId: string) => expectOk(api.DELETE('/api/lessons/{id}', path(lessonId)));

export const addAttachment = (lessonId: string, fileId: string, name: string) =>
  unwrap(api.POST('/api/lessons/{id}/attachments', { ...path(lessonId), body: { fileId, name } }));

export const removeAttachment = (lessonId: string, fileId: string) =>
  expectOk(
    api.DELETE('/api/lessons/{id}/attachments/{fileId}', { params: { path: { id: lessonId, fileId } } }),
  );

// ── review queue ─────────────────────────────────────────────────────────

export const fetchReviewQueue = (communityId: string, cursor?: string) =>
  unwrap(
    api.GET('/api/communities/{id}/review-queue', {
      params: { path: { id: communityId }, query: { limit: 20, cursor } },
    }),
  );

export const approveReview = (reviewId: string) =>
  unwrap(api.POST('/api/reviews/{id}/approve', path(reviewId)));

export const rejectReview = (reviewId: string, reason: string) =>
  unwrap(api.POST('/api/reviews/{id}/reject', { ...path(reviewId), body: { reason } }));
