/**
 * The real Zhishe app as `zhishe serve` runs it (migrations, outbox polling, every plugin),
 * configured from the environment (DATA_DIR or DATABASE_URL, PORT, HOST, LOG_LEVEL), API only.
 */
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { createRuntime } from '../../server/src/runtime.js';
import { announceReady, stopOnSignalOrOrphan } from './lifecycle.js';

const config = loadConfig(process.env);
const runtime = await createRuntime(config);
const app = await buildApp({ ...runtime.deps, webDir: null });
runtime.deps.outbox.start();

await app.listen({ port: config.port, host: config.host });
stopOnSignalOrOrphan(async () => {
  await app.close();
  await runtime.close();
});
announceReady(config.port);
