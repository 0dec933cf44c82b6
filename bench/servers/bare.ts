/** The baseline: a bare Fastify 5 app with one JSON route, no plugins, no logger. */
import Fastify from 'fastify';
import { announceReady, stopOnSignalOrOrphan } from './lifecycle.js';

const port = Number(process.env.PORT);
const host = process.env.HOST ?? '127.0.0.1';

const app = Fastify({ logger: false });
app.get('/bare', async () => ({ status: 'ok' }));

await app.listen({ port, host });
stopOnSignalOrOrphan(() => app.close());
announceReady(port);
