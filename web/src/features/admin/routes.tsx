import type { RouteObject } from 'react-router';
import { AdminHomePage } from './pages/AdminHomePage';
import { MailPage } from './pages/MailPage';
import { PaymentSettingsPage } from './pages/PaymentSettingsPage';
import { PayoutsPage } from './pages/PayoutsPage';
import { RequireOperator } from './RequireOperator';

/** The operator's area: /admin, /admin/payments, /admin/payouts, /admin/mail */
export const adminRoutes: RouteObject[] = [
  {
    path: 'admin',
    element: <RequireOperator />,
    children: [
      { index: true, element: <AdminHomePage /> },
      { path: 'payments', element: <PaymentSettingsPage /> },
      { path: 'payouts', element: <PayoutsPage /> },
      { path: 'mail', element: <MailPage /> },
    ],
  },
];
