import type { FastifyInstance } from 'fastify';
import { AppError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { OrdersService } from './orders.service.js';
import { NotificationRejected } from './providers/provider.js';
import type { PaymentProviders } from './providers/registry.js';

const WEBHOOK_PROVIDERS = ['stripe', 'alipay', 'wechatpay'] as const;

/**
 * Provider notifications. Signatures are over the exact bytes sent, so this plugin reads every
 * body as a Buffer (its own content-type parsers, encapsulated here). A genuine notification is
 * applied once and acknowledged in the provider's format; a replay is acknowledged and changes
 * nothing; a forged or unreadable one is answered 400 and changes nothing.
 */
export function webhookRoutes(orders: OrdersService, providers: PaymentProviders, log: Logger) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 256 * 1024 }, (_request, body, done) =>
      done(null, body),
    );
    for (const name of WEBHOOK_PROVIDERS)
      app.post(`/api/webhooks/${name}`, { schema: { hide: true } }, async (request, reply) => {
        const provider = providers.find(name);
        if (!provider) throw new AppError(404, 'not_found', `Payments through ${name} are not set up here.`);
        const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        let event: Awaited<ReturnType<typeof provider.parseNotification>>;
        try {
          event = await provider.parseNotification({ rawBody, headers: request.headers });
        } catch (error) {
          if (!(error instanceof NotificationRejected)) throw error;
          log.warn({ provider: name, reason: error.reason }, 'payment notification rejected');
          throw new AppError(400, 'notification_rejected', error.message);
        }
        const outcome = await orders.applyEvent(name, event);
        log.info(
          { provider: name, eventId: event.eventId, kind: event.kind, outcome },
          'payment notification',
        );
        const ack = provider.acknowledgement;
        return reply.code(ack.status).type(ack.contentType).send(ack.body);
      });
  };
}
