import { createBrowserRouter } from 'react-router';
import { ForgotPasswordPage } from '../features/accounts/pages/ForgotPasswordPage';
import { HomePage } from '../features/accounts/pages/HomePage';
import { LoginPage } from '../features/accounts/pages/LoginPage';
import { ProfilePage } from '../features/accounts/pages/ProfilePage';
import { RegisterPage } from '../features/accounts/pages/RegisterPage';
import { ResetPasswordPage } from '../features/accounts/pages/ResetPasswordPage';
import { SetupPage } from '../features/accounts/pages/SetupPage';
import { VerifyEmailPage } from '../features/accounts/pages/VerifyEmailPage';
import { activityRoutes } from '../features/activities/routes';
import { adminRoutes } from '../features/admin/routes';
import { CommunityHomePage } from '../features/communities/pages/CommunityHomePage';
import { CommunityLandingPage } from '../features/communities/pages/CommunityLandingPage';
import { DiscoverPage } from '../features/communities/pages/DiscoverPage';
import { CoursePage } from '../features/courses/pages/CoursePage';
import { LessonPage } from '../features/courses/pages/LessonPage';
import { discussionRoutes } from '../features/discussions/routes';
import { notificationRoutes } from '../features/notifications/routes';
import { paidRoutes } from '../features/paid/routes';
import { paymentRoutes } from '../features/payments/routes';
import { searchRoutes } from '../features/search/routes';
import { studioRoutes } from '../features/studio/routes';
import { GuestOnly, RequireAuth } from './guards';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './NotFoundPage';

export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'setup', element: <SetupPage /> },
      {
        element: <GuestOnly />,
        children: [
          { path: 'login', element: <LoginPage /> },
          { path: 'register', element: <RegisterPage /> },
          { path: 'forgot-password', element: <ForgotPasswordPage /> },
        ],
      },
      { path: 'reset-password', element: <ResetPasswordPage /> },
      { path: 'verify-email', element: <VerifyEmailPage /> },
      { path: 'discover', element: <DiscoverPage /> },
      { path: 'c/:slug', element: <CommunityLandingPage /> },
      { path: 'c/:slug/home', element: <CommunityHomePage /> },
      { path: 'courses/:id', element: <CoursePage /> },
      { path: 'lessons/:id', element: <LessonPage /> },
      { element: <RequireAuth />, children: [{ path: 'profile', element: <ProfilePage /> }] },
      ...activityRoutes,
      ...discussionRoutes,
      ...paidRoutes,
      ...paymentRoutes,
      ...notificationRoutes,
      ...searchRoutes,
      ...studioRoutes,
      ...adminRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
