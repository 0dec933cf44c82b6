#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './platform/logger.js';
import { createRuntime } from './runtime.js';

const USAGE = `Usage: zhishe <command> [options]

Commands:
  serve                 run the web server (migrates the database first)
  migrate               bring the database schema up to date and exit
  create-operator       create an operator (site admin) account, or promote an existing one
                          --email <address> --name <display name> [--password <pw>]
                          (or ZHISHE_OPERATOR_PASSWORD in the environment)
  seed-demo             fill an empty site with demo accounts to explore
  help                  show this message

Configuration comes from environment variables; see docs/configuration.md.`;

async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const log = createLogger(config.logLevel);

  switch (command) {
    case 'serve':
      return serve(config, log);
    case 'migrate': {
      const runtime = await createRuntime(config, log);
      log.info({ database: runtime.database.dialect }, 'database is up to date');
      await runtime.close();
      return 0;
    }
    case 'create-operator': {
      const { values } = parseArgs({
        args: rest,
        options: {
          email: { type: 'string' },
          name: { type: 'string' },
          password: { type: 'string' },
          locale: { type: 'string' },
        },
      });
      const password = values.password ?? process.env.ZHISHE_OPERATOR_PASSWORD;
      if (!values.email || !values.name || !password) {
        console.error('create-operator needs --email, --name and --password (or ZHISHE_OPERATOR_PASSWORD).');
        return 2;
      }
      const runtime = await createRuntime(config, log);
      try {
        const app = await buildApp({ ...runtime.deps, webDir: null });
        const result = await app.services.accounts.createOperator({
          email: values.email,
          displayName: values.name,
          password,
          locale: values.locale === 'zh-CN' ? 'zh-CN' : 'en',
        });
        await runtime.deps.outbox.drain();
        console.log(
          `${result.created ? 'Created' : 'Promoted'} operator ${result.user.email} (${result.user.id}).`,
        );
        await app.close();
        return 0;
      } finally {
        await runtime.close();
      }
    }
    case 'seed-demo': {
      const { seedDemo } = await import('./seed-demo.js');
      const runtime = await createRuntime(config, log);
      try {
        const app = await buildApp({ ...runtime.deps, webDir: null });
        console.log(await seedDemo(app.services));
        await runtime.deps.outbox.drain();
        await app.close();
        return 0;
      } finally {
        await runtime.close();
      }
    }
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

async function serve(
  config: ReturnType<typeof loadConfig>,
  log: ReturnType<typeof createLogger>,
): Promise<number> {
  const runtime = await createRuntime(config, log);
  const app = await buildApp(runtime.deps);
  runtime.deps.outbox.start();
  runtime.deps.jobs.start();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // Bounded: in-flight requests get 10 s, then the process exits anyway.
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  log.info(
    { url: config.publicUrl, database: runtime.database.dialect, redis: Boolean(config.redisUrl) },
    `Zhishe is running at ${config.publicUrl}`,
  );
  return new Promise<number>(() => {});
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exitCode = 2;
      return;
    }
    console.error(err);
    process.exitCode = 1;
  },
);
