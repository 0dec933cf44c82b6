import type { RouteObject } from 'react-router';
import { RequireAuth } from '../../app/guards';
import { CourseEditorPage } from './pages/CourseEditorPage';
import { CoursesPage } from './pages/CoursesPage';
import { CreateCommunityPage } from './pages/CreateCommunityPage';
import { InvitationsPage } from './pages/InvitationsPage';
import { LessonEditorPage } from './pages/LessonEditorPage';
import { MembersPage } from './pages/MembersPage';
import { PlansPage } from './pages/PlansPage';
import { RequestsPage } from './pages/RequestsPage';
import { RevenuePage } from './pages/RevenuePage';
import { SettingsPage } from './pages/SettingsPage';
import { StudioCommunityLayout } from './pages/StudioCommunityLayout';
import { StudioHomePage } from './pages/StudioHomePage';

/** The creator studio, for signed-in people: /studio, /studio/new, /studio/c/:slug/… */
export const studioRoutes: RouteObject[] = [
  {
    path: 'studio',
    element: <RequireAuth />,
    children: [
      { index: true, element: <StudioHomePage /> },
      { path: 'new', element: <CreateCommunityPage /> },
      {
        path: 'c/:slug',
        element: <StudioCommunityLayout />,
        children: [
          { index: true, element: <SettingsPage /> },
          { path: 'plans', element: <PlansPage /> },
          { path: 'courses', element: <CoursesPage /> },
          { path: 'courses/:courseId', element: <CourseEditorPage /> },
          { path: 'lessons/:lessonId', element: <LessonEditorPage /> },
          { path: 'members', element: <MembersPage /> },
          { path: 'requests', element: <RequestsPage /> },
          { path: 'invitations', element: <InvitationsPage /> },
          { path: 'revenue', element: <RevenuePage /> },
        ],
      },
    ],
  },
];
