import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { type Kysely, sql } from 'kysely';
import type { Config } from './config.js';
import type { DialectName } from './db/database.js';
import type { DB } from './db/schema.js';
import { registerActor } from './http/actor.js';
import { registerErrorHandling } from './http/errors.js';
import { lazyRequestLogger } from './http/lazy-request-logger.js';
import { registerOriginCheck } from './http/origin.js';
import { Problem } from './http/problem.js';
import { registerValidation } from './http/validation.js';
import { RealtimeHub, type RealtimeOptions, registerWebSocket } from './http/websocket.js';
import { AccessService } from './modules/access/access.service.js';
import { accountsRoutes } from './modules/accounts/accounts.routes.js';
import { User } from './modules/accounts/accounts.schemas.js';
import { AccountsService, type AuthLimits, SESSION_TTL_MS } from './modules/accounts/accounts.service.js';
import {
  type ActivitiesServices,
  activitiesRoutes,
  createActivities,
} from './modules/activities/activities.routes.js';
import { ActivityFileUsage } from './modules/activities/activity-files.usage.js';
import { communitiesRoutes } from './modules/communities/communities.routes.js';
import { CommunitiesService } from './modules/communities/communities.service.js';
import { InvitationsService } from './modules/communities/invitations.service.js';
import { sendEndingReminders } from './modules/communities/membership-reminders.js';
import { MembershipsService } from './modules/communities/memberships.service.js';
import { contentRoutes } from './modules/content/content.routes.js';
import {
  type ContentServices,
  CourseStructureCache,
  createContentServices,
  LessonBodyCache,
  PUBLISH_TOPIC,
  publishHandler,
} from './modules/content/content.services.js';
import { CommentsService } from './modules/discussions/comments.service.js';
import type { DiscussionLimits } from './modules/discussions/discussions.context.js';
import { discussionsRoutes } from './modules/discussions/discussions.routes.js';
import { createPaid } from './modules/discussions/paid.module.js';
import { paidRoutes } from './modules/discussions/paid.routes.js';
import { PostFileUsage } from './modules/discussions/post-files.usage.js';
import { PostsService } from './modules/discussions/posts.service.js';
import { filesRoutes } from './modules/files/files.routes.js';
import { type FileLimits, FilesService } from './modules/files/files.service.js';
import { healthRoutes, type ReadinessCheck } from './modules/health/health.routes.js';
import { markdownRoutes } from './modules/markdown/markdown.routes.js';
import { createNotifications } from './modules/notifications/notifications.module.js';
import type { NotificationsService } from './modules/notifications/notifications.service.js';
import { operatorRoutes } from './modules/operator/operator.routes.js';
import { OperatorService } from './modules/operator/operator.service.js';
import { SavedCredentials } from './modules/payments/credentials.service.js';
import { paymentsAdminRoutes } from './modules/payments/payments.admin.routes.js';
import { createPayments, paymentProviders } from './modules/payments/payments.module.js';
import { type PaymentsServices, paymentsRoutes } from './modules/payments/payments.routes.js';
import type { PaymentProvider } from './modules/payments/providers/provider.js';
import { webhookRoutes } from './modules/payments/webhooks.routes.js';
import { backfillSearchIndexOnce } from './modules/search/search.documents.js';
import { searchRoutes } from './modules/search/search.routes.js';
import { SearchService } from './modules/search/search.service.js';
import type { EventBus } from './platform/bus.js';
import type { Clock } from './platform/clock.js';
import type { Jobs } from './platform/jobs.js';
import type { Logger } from './platform/logger.js';
import { MAIL_TOPIC, type Mailer, type QueuedMail } from './platform/mail.js';
import type { Outbox } from './platform/outbox.js';
import type { RateLimiter } from './platform/rate-limit.js';
import { JiebaSearchIndexer } from './platform/search/indexer.js';
import type { BlobStore } from './platform/storage.js';

export interface AppDeps {
  config: Config;
  db: Kysely<DB>;
  dialect: DialectName;
  clock: Clock;
  log: Logger;
  bus: EventBus;
  limiter: RateLimiter;
  outbox: Outbox;
  mailer: Mailer;
  jobs: Jobs;
  /** Uploaded bytes (content-addressed under DATA_DIR/files by default). */
  storage: BlobStore;
  /** Upload size limits per kind, in bytes (tests make them small). */
  fileLimits?: Partial<FileLimits>;
  /** Extra readiness checks (e.g. Redis) beside the database's. */
  /** Payment providers besides the built-in test and manual ones (tests inject adapters with test keys). */
  paymentProviders?: PaymentProvider[];
  readinessChecks?: ReadinessCheck[];
  authLimits?: Partial<AuthLimits>;
  /** Posting and commenting rates per user (tests make them small). */
  discussionLimits?: Partial<DiscussionLimits>;
  /** Where the built web app is; `null` serves the API only. */
  webDir?: string | null;
  /** WebSocket heartbeat (tests make it short). */
  realtime?: RealtimeOptions;
}

export interface AppServices {
  access: AccessService;
  accounts: AccountsService;
  files: FilesService;
  content: ContentServices;
  operator: OperatorService;
  communities: CommunitiesService;
  memberships: MembershipsService;
  invitations: InvitationsService;
  payments: PaymentsServices;
  activities: ActivitiesServices;
  notifications: NotificationsService;
}

/** Two levels up from this file is the project root, both from server/src and from dist/server. */
export const DEFAULT_WEB_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'dist',
  'web',
);

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
  }
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    childLoggerFactory: lazyRequestLogger,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // A line per request only when debugging: at ~40k req/s the log would be the bottleneck.
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
    routerOptions: { ignoreTrailingSlash: true },
  });

  const accounts = new AccountsService({
    db: deps.db,
    clock: deps.clock,
    bus: deps.bus,
    outbox: deps.outbox,
    limiter: deps.limiter,
    publicUrl: config.publicUrl,
    limits: deps.authLimits,
  });
  const operator = new OperatorService(deps.db);
  const access = new AccessService(deps.db, deps.clock);
  const files = new FilesService({
    db: deps.db,
    clock: deps.clock,
    storage: deps.storage,
    access,
    secret: config.secret,
    limits: deps.fileLimits,
    usages: [new PostFileUsage(deps.db, access), new ActivityFileUsage(deps.db, access)],
  });
  const searchIndexer = new JiebaSearchIndexer(deps.clock);
  const content = createContentServices({
    db: deps.db,
    clock: deps.clock,
    outbox: deps.outbox,
    access,
    structure: new CourseStructureCache(deps.db),
    bodies: new LessonBodyCache(deps.db, config.lessonCacheBytes),
    publicUrl: config.publicUrl,
    search: searchIndexer,
  });
  const communities = new CommunitiesService({ db: deps.db, clock: deps.clock, access });
  const memberships = new MembershipsService({ db: deps.db, clock: deps.clock, access });
  const invitations = new InvitationsService({
    db: deps.db,
    clock: deps.clock,
    access,
    publicUrl: config.publicUrl,
  });
  const savedPaymentKeys = new SavedCredentials(deps.db, config.secret);
  const providers = paymentProviders({
    publicUrl: config.publicUrl,
    testPayments: config.testPayments,
    keys: config.payments,
    clock: deps.clock,
    extra: deps.paymentProviders,
    saved: savedPaymentKeys,
    log: deps.log,
  });
  const payments = createPayments(
    {
      db: deps.db,
      clock: deps.clock,
      outbox: deps.outbox,
      log: deps.log,
      access,
      providers,
      limiter: deps.limiter,
      publicUrl: config.publicUrl,
      platformFeeBasisPoints: config.platformFeeBasisPoints,
      secret: config.secret,
    },
    memberships,
    deps.jobs,
    { saved: savedPaymentKeys, envKeys: config.payments, testPayments: config.testPayments },
  );
  const discussionDeps = {
    db: deps.db,
    clock: deps.clock,
    outbox: deps.outbox,
    access,
    limiter: deps.limiter,
    search: searchIndexer,
    limits: deps.discussionLimits,
  };
  const discussions = {
    posts: new PostsService(discussionDeps),
    comments: new CommentsService(discussionDeps),
  };
  const paid = createPaid(
    {
      db: deps.db,
      clock: deps.clock,
      outbox: deps.outbox,
      log: deps.log,
      access,
      limiter: deps.limiter,
      orders: payments.orders,
      refunds: payments.refunds,
      providers,
    },
    payments.orderItems,
    deps.jobs,
  );
  const activities = createActivities({ db: deps.db, clock: deps.clock, outbox: deps.outbox, access });
  const realtimeHub = new RealtimeHub(deps.log);
  const notifications = createNotifications({
    db: deps.db,
    clock: deps.clock,
    bus: deps.bus,
    log: deps.log,
    outbox: deps.outbox,
    jobs: deps.jobs,
    hub: realtimeHub,
    publicUrl: config.publicUrl,
    secret: config.secret,
  });
  app.decorate('services', {
    access,
    notifications: notifications.notifications,
    accounts,
    content,
    files,
    operator,
    communities,
    memberships,
    invitations,
    payments,
    activities,
  });
  // Lessons written before search existed, and documents of an older tokenizer (once per version).
  deps.jobs.every('search.backfill', 10 * 60_000, async () => {
    await backfillSearchIndexOnce(deps.db, searchIndexer, deps.clock.now());
  });
  deps.jobs.every('memberships.expire', 60_000, async () => {
    await memberships.expireDue();
    await sendEndingReminders({
      db: deps.db,
      clock: deps.clock,
      outbox: deps.outbox,
      publicUrl: config.publicUrl,
    });
  });

  deps.outbox.register(MAIL_TOPIC, (mail: QueuedMail) => deps.mailer.send(mail.id, mail));
  deps.outbox.register(PUBLISH_TOPIC, publishHandler(deps.db));

  const cookie = { secure: config.publicUrl.startsWith('https://'), maxAgeMs: SESSION_TTL_MS };

  await app.register(fastifyCookie);
  const https = config.publicUrl.startsWith('https://');
  const securityHeaders = precomputeSecurityHeaders({
    contentSecurityPolicy: {
      directives: {
        'img-src': ["'self'", 'data:', 'blob:'],
        'style-src': ["'self'", "'unsafe-inline'"],
        // Secure contexts only: on plain http (a local install) the upgrade would break the page.
        'upgrade-insecure-requests': https ? [] : null,
      },
    },
    hsts: https,
  });
  // A JSON answer needs only what stops a browser from sniffing it as a page, framing it or
  // embedding it (files) from another site; the rest of helmet's set (script and style policy, …)
  // is for documents. Five headers instead of twelve on every API call.
  const apiSecurityHeaders: Record<string, string> = {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'cross-origin-resource-policy': 'same-origin',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    ...pick(securityHeaders, 'strict-transport-security'),
  };
  app.addHook('onRequest', (request, reply, done) => {
    const api = request.url.startsWith('/api/') && !request.url.startsWith('/api/docs');
    reply.headers(api ? apiSecurityHeaders : securityHeaders);
    done();
  });
  const webDir = deps.webDir === undefined ? DEFAULT_WEB_DIR : deps.webDir;
  const serveWeb = webDir !== null && existsSync(path.join(webDir, 'index.html'));
  registerValidation(app);
  registerErrorHandling(app, { webIndex: serveWeb });
  registerOriginCheck(app, config.publicUrl);
  registerActor(app, accounts, cookie);
  await registerWebSocket(app, {
    hub: realtimeHub,
    bus: deps.bus,
    publicUrl: config.publicUrl,
    log: deps.log,
    options: deps.realtime,
  });

  app.addSchema(Problem);
  app.addSchema(User);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Zhishe API',
        version: '0.1.0',
        description: 'The API of Zhishe (知社). Errors are application/problem+json.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'zhishe_session' } } },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (json.$id as string) || `def-${i}`,
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const readiness: ReadinessCheck[] = [
    { name: 'database', check: async () => void (await sql`select 1`.execute(deps.db)) },
    ...(deps.readinessChecks ?? []),
  ];
  await app.register(healthRoutes(readiness));
  await app.register(accountsRoutes(accounts, cookie));
  await app.register(operatorRoutes(operator));
  await app.register(markdownRoutes());
  await app.register(communitiesRoutes({ communities, memberships, invitations }));
  await app.register(filesRoutes(files));
  await app.register(contentRoutes(content));
  await app.register(searchRoutes(new SearchService(deps.db, deps.clock)));
  await app.register(paymentsRoutes(payments));
  await app.register(paymentsAdminRoutes(payments));
  await app.register(discussionsRoutes(discussions));
  await app.register(paidRoutes(paid));
  await app.register(activitiesRoutes(activities));
  await app.register(notifications.routes);
  await app.register(webhookRoutes(payments.orders, providers, deps.log, deps.db));

  if (serveWeb && webDir) await registerWeb(app, webDir);

  return app;
}

/** The built web app: hashed assets cached for a year; page paths fall back to index.html (errors.ts). */
async function registerWeb(app: FastifyInstance, webDir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: webDir,
    index: 'index.html',
    setHeaders(reply, filePath) {
      const hashed = filePath.includes(`${path.sep}assets${path.sep}`);
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}

/**
 * Helmet's headers are the same for every response. @fastify/helmet rebuilds them (CSP parsing
 * included) on each request, which cost a third of an authenticated request's throughput in
 * bench/http.ts; computing them once keeps helmet's policy without the per-request work.
 */
const pick = (headers: Record<string, string>, name: string): Record<string, string> =>
  headers[name] === undefined ? {} : { [name]: headers[name] };

function precomputeSecurityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const collector = {
    setHeader(name: string, value: string | number) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, collector as unknown as ServerResponse, () => {});
  return headers;
}
