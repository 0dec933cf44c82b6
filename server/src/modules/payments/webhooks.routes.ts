import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB, SubscriptionsTable } from '../../db/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import * as cq from '../communities/communities.queries.js';
import type { OrdersService } from './orders.service.js';
import * as q from './payments.queries.js';
import { NotificationRejected, type ProviderEvent } from './providers/provider.js';
import type { PaymentProviders, ProviderSet } from './providers/registry.js';

const WEBHOOK_PROVIDERS = ['stripe', 'alipay', 'wechatpay'] as const;
type WebhookProvider = (typeof WEBHOOK_PROVIDERS)[number];

/**
 * Provider notifications. Signatures are over the exact bytes sent, so this plugin reads every
 * body as a Buffer (its own content-type parsers, encapsulated here). A genuine notification is
 * applied once and acknowledged in the provider's format; a replay is acknowledged and changes
 * nothing; a forged or unreadable one is answered 400 and changes nothing.
 *
 * Two paths per provider: `/api/webhooks/<provider>` is verified with the site's keys (saved, or
 * from the environment); `/api/webhooks/<provider>/<communityId>` with the keys that community's
 * payments use (its own when it has them). The path must name the community because a WeChat Pay
 * notification is encrypted: which keys to use cannot be read from the body before they are known.
 * Whoever holds a community's keys can sign notifications, so one arriving on a community's path
 * may only touch that community's orders and subscriptions.
 */
export function webhookRoutes(
  orders: OrdersService,
  providers: PaymentProviders,
  log: Logger,
  db: Kysely<DB>,
) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 256 * 1024 }, (_request, body, done) =>
      done(null, body),
    );

    const handle = async (
      name: WebhookProvider,
      resolved: ProviderSet,
      request: FastifyRequest,
      reply: FastifyReply,
    ) => {
      const provider = resolved.find(name);
      if (!provider) throw new AppError(404, 'not_found', `Payments through ${name} are not set up here.`);
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      let event: ProviderEvent;
      try {
        event = await provider.parseNotification({ rawBody, headers: request.headers });
      } catch (error) {
        if (!(error instanceof NotificationRejected)) throw error;
        log.warn(
          { provider: name, communityId: resolved.communityId, reason: error.reason },
          'payment notification rejected',
        );
        throw new AppError(400, 'notification_rejected', error.message);
      }
      if (resolved.communityId) {
        const owner = await communityOfEvent(db, name, event);
        if (owner !== null && owner !== resolved.communityId) {
          log.warn(
            { provider: name, communityId: resolved.communityId, eventId: event.eventId, owner },
            'payment notification for another community rejected',
          );
          throw new AppError(
            400,
            'notification_rejected',
            'Payment notification rejected: it concerns another community.',
          );
        }
      }
      const outcome = await orders.applyEvent(name, event);
      log.info(
        {
          provider: name,
          communityId: resolved.communityId,
          eventId: event.eventId,
          kind: event.kind,
          outcome,
        },
        'payment notification',
      );
      const ack = provider.acknowledgement;
      return reply.code(ack.status).type(ack.contentType).send(ack.body);
    };

    for (const name of WEBHOOK_PROVIDERS) {
      app.post(`/api/webhooks/${name}`, { schema: { hide: true } }, async (request, reply) =>
        handle(name, await providers.forSite(), request, reply),
      );
      app.post<{ Params: { communityId: string } }>(
        `/api/webhooks/${name}/:communityId`,
        { schema: { hide: true } },
        async (request, reply) => {
          const { communityId } = request.params;
          if (!/^[0-9a-f-]{36}$/.test(communityId) || !(await cq.findCommunityById(db, communityId)))
            throw notFound('community');
          return handle(name, await providers.forCommunity(communityId), request, reply);
        },
      );
    }
  };
}

/** The community whose order or subscription an event concerns; null when it names none we know. */
async function communityOfEvent(
  db: Kysely<DB>,
  provider: WebhookProvider,
  event: ProviderEvent,
): Promise<string | null> {
  const orderId = 'orderId' in event ? event.orderId : null;
  if (orderId) {
    const order = await q.findOrder(db, orderId);
    if (order) return order.community_id;
  }
  if (event.kind === 'refunded') {
    const order = await q.findOrderByProviderRef(db, provider, event.providerRef);
    return order?.community_id ?? null;
  }
  const subscriptionRef = 'subscriptionRef' in event ? event.subscriptionRef : null;
  if (subscriptionRef) {
    const sub = await db
      .selectFrom('subscriptions')
      .select('community_id')
      .where('provider', '=', provider as SubscriptionsTable['provider'])
      .where('provider_ref', '=', subscriptionRef)
      .executeTakeFirst();
    return sub?.community_id ?? null;
  }
  return null;
}
