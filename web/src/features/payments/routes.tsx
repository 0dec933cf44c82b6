import type { RouteObject } from 'react-router';
import { RequireAuth } from '../../app/guards';
import { CheckoutPage } from './pages/CheckoutPage';
import { GiftPage } from './pages/GiftPage';
import { MyOrdersPage } from './pages/MyOrdersPage';
import { MyReferralsPage } from './pages/MyReferralsPage';
import { OrderPage } from './pages/OrderPage';
import { TestPaymentPage } from './pages/TestPaymentPage';

/**
 * Buying, for signed-in people: /checkout/:planId, /pay/test/:orderId, /orders/:id, /me/orders,
 * /me/referrals; and a gift link, /gift/:token, which anyone may open (redeeming asks to sign in).
 */
export const paymentRoutes: RouteObject[] = [
  { path: 'gift/:token', element: <GiftPage /> },
  {
    element: <RequireAuth />,
    children: [
      { path: 'checkout/:planId', element: <CheckoutPage /> },
      { path: 'pay/test/:orderId', element: <TestPaymentPage /> },
      { path: 'orders/:id', element: <OrderPage /> },
      { path: 'me/orders', element: <MyOrdersPage /> },
      { path: 'me/referrals', element: <MyReferralsPage /> },
    ],
  },
];
