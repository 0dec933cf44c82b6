import type { RouteObject } from 'react-router';
import { RequireAuth } from '../../app/guards';
import { CheckoutPage } from './pages/CheckoutPage';
import { MyOrdersPage } from './pages/MyOrdersPage';
import { OrderPage } from './pages/OrderPage';
import { TestPaymentPage } from './pages/TestPaymentPage';

/** Buying, for signed-in people: /checkout/:planId, /pay/test/:orderId, /orders/:id, /me/orders */
export const paymentRoutes: RouteObject[] = [
  {
    element: <RequireAuth />,
    children: [
      { path: 'checkout/:planId', element: <CheckoutPage /> },
      { path: 'pay/test/:orderId', element: <TestPaymentPage /> },
      { path: 'orders/:id', element: <OrderPage /> },
      { path: 'me/orders', element: <MyOrdersPage /> },
    ],
  },
];
