import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Body<P> = P extends { requestBody?: infer R } ? Json<NonNullable<R>> : never;

/** Types come from the API's paths, so they follow the generated schema. */
export type Landing = Json<paths['/api/communities/{idOrSlug}']['get']['responses'][200]>;
export type Community = Landing['community'];
export type Viewer = Landing['viewer'];
export type CreateCommunityInput = Body<paths['/api/communities']['post']>;
export type UpdateCommunityInput = Body<paths['/api/communities/{idOrSlug}']['patch']>;
export type MyMembership = Json<paths['/api/me/memberships']['get']['responses'][200]>['items'][number];
export type ManagedCommunityPage = Json<paths['/api/me/communities']['get']['responses'][200]>;
export type ManagedCommunity = ManagedCommunityPage['items'][number];
export type Team = Json<paths['/api/communities/{id}/team']['get']['responses'][200]>['items'];

export type Plan = Json<paths['/api/communities/{id}/plans']['get']['responses'][200]>['items'][number];
export type PlanKind = Plan['kind'];
export type CreatePlanInput = Body<paths['/api/communities/{id}/plans']['post']>;
export type UpdatePlanInput = Body<paths['/api/plans/{id}']['patch']>;
export type StaffRole = 'moderator' | 'contributor';

export type MemberPage = Json<paths['/api/communities/{id}/members']['get']['responses'][200]>;
export type Member = MemberPage['items'][number];
export type MemberQuery = NonNullable<paths['/api/communities/{id}/members']['get']['parameters']['query']>;
export type MembershipState = NonNullable<Member['state']>;
export type HistoryPage = Json<
  paths['/api/communities/{id}/members/{userId}/history']['get']['responses'][200]
>;
export type MembershipEvent = HistoryPage['items'][number];
export type GrantInput = Body<paths['/api/communities/{id}/members/{userId}/grant']['post']>;
export type ExtendInput = Body<paths['/api/communities/{id}/members/{userId}/extend']['post']>;
export type JoinRequestPage = Json<paths['/api/communities/{id}/join-requests']['get']['responses'][200]>;
export type JoinRequest = JoinRequestPage['items'][number];

export type InvitationPage = Json<paths['/api/communities/{id}/invitations']['get']['responses'][200]>;
export type Invitation = InvitationPage['items'][number];
export type CreateInvitationInput = Body<paths['/api/communities/{id}/invitations']['post']>;
export type CreatedInvitation = Json<paths['/api/communities/{id}/invitations']['post']['responses'][201]>;

export type CoursePage = Json<paths['/api/communities/{id}/courses']['get']['responses'][200]>;
/** A course as the studio edits it (the list's per-viewer progress left out). */
export type Course = Omit<CoursePage['items'][number], 'progress'>;
export type ContentStatus = Course['status'];
export type CourseLevel = Course['level'];
export type CreateCourseInput = Body<paths['/api/communities/{id}/courses']['post']>;
export type UpdateCourseInput = Body<paths['/api/courses/{id}']['patch']>;
export type Outline = Json<paths['/api/courses/{id}']['get']['responses'][200]>;
export type OutlineChapter = Outline['chapters'][number];
export type OutlineLesson = OutlineChapter['lessons'][number];
export type Lesson = Json<paths['/api/lessons/{id}']['get']['responses'][200]>;
export type CreateLessonInput = Body<paths['/api/chapters/{id}/lessons']['post']>;
export type UpdateLessonInput = Body<paths['/api/lessons/{id}']['patch']>;
export type Drip = Lesson['drip'];
export type Attachment = Lesson['attachments'][number];

export type ReviewPage = Json<paths['/api/communities/{id}/review-queue']['get']['responses'][200]>;
export type Review = ReviewPage['items'][number];

export type UploadedFile = Json<paths['/api/files']['post']['responses'][201]>;
export type FileKind = UploadedFile['kind'];

/** A move next to a sibling, as the ordering endpoints take it. */
export type Move = { afterId: string } | { beforeId: string };
