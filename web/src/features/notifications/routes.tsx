import type { RouteObject } from 'react-router';
import { RequireAuth } from '../../app/guards';
import { NotificationSettingsPage } from './pages/NotificationSettingsPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { UnsubscribePage } from './pages/UnsubscribePage';

/** /notifications and /settings/notifications for signed-in people; /unsubscribe (from a digest) for anyone. */
export const notificationRoutes: RouteObject[] = [
  { path: 'unsubscribe', element: <UnsubscribePage /> },
  {
    element: <RequireAuth />,
    children: [
      { path: 'notifications', element: <NotificationsPage /> },
      { path: 'settings/notifications', element: <NotificationSettingsPage /> },
    ],
  },
];
