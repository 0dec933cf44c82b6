/**
 * The two providers that need no outside service:
 * - `test`: a local checkout page (/pay/test/:orderId) where a click pays or fails the order, for
 *   demos and tests; its "notifications" are made by that page's API, not posted by anyone else.
 * - `manual`: the owner records a bank transfer or cash payment against an order; refunds are
 *   made outside Zhishe and recorded here.
 */
import type { PaymentProvider } from './provider.js';
import { NotificationRejected } from './provider.js';

const JSON_ACK = { status: 200, contentType: 'application/json', body: '{"received":true}' } as const;

export function testProvider(publicUrl: string): PaymentProvider {
  return {
    name: 'test',
    async createPayment(request) {
      return {
        kind: 'redirect',
        url: `${publicUrl}/pay/test/${encodeURIComponent(request.orderId)}`,
        providerRef: `test_${request.orderId}`,
      };
    },
    async parseNotification() {
      throw new NotificationRejected('the test provider takes no notifications over HTTP');
    },
    acknowledgement: JSON_ACK,
    async refund(request) {
      return { refundRef: `test_refund_${request.refundId}`, state: 'succeeded' };
    },
    async queryStatus() {
      return { state: 'unknown' };
    },
  };
}

export function manualProvider(): PaymentProvider {
  return {
    name: 'manual',
    async createPayment() {
      return { kind: 'none', providerRef: null };
    },
    async parseNotification() {
      throw new NotificationRejected('manual payments are recorded by the owner, not notified');
    },
    acknowledgement: JSON_ACK,
    async refund(request) {
      return { refundRef: `manual_refund_${request.refundId}`, state: 'succeeded' };
    },
    async queryStatus() {
      return { state: 'unknown' };
    },
  };
}
