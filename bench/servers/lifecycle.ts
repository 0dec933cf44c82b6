/**
 * Shared by the bench's server children: announce the port once listening, and stop cleanly
 * (so `--cpu-prof` can write its profile) on SIGTERM/SIGINT or when the parent goes away; the
 * hand-written servers also read their settings from the environment here.
 */
import path from 'node:path';

export const READY_PREFIX = 'BENCH_READY ';

export function announceReady(port: number): void {
  process.stdout.write(`${READY_PREFIX}${port}\n`);
}

export function stopOnSignalOrOrphan(close: () => Promise<void>): void {
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    // Bounded: if closing hangs, exit anyway.
    setTimeout(() => process.exit(1), 5_000).unref();
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The parent holds our stdin open; when it dies without stopping us, the pipe closes.
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}

/**
 * What the bench tells a hand-written server: where to listen, whose view to serve (MEMBER_ID),
 * and its database (DATABASE_URL, else the SQLite file in DATA_DIR), opened with `stores`.
 */
export function handWrittenServerEnv<S>(stores: {
  sqlite: (file: string) => S;
  postgres: (url: string) => S;
}): { port: number; host: string; memberId: string; store: S } {
  const memberId = process.env.MEMBER_ID ?? '';
  if (!memberId) throw new Error('MEMBER_ID is required');
  return {
    port: Number(process.env.PORT),
    host: process.env.HOST ?? '127.0.0.1',
    memberId,
    store: process.env.DATABASE_URL
      ? stores.postgres(process.env.DATABASE_URL)
      : stores.sqlite(path.join(process.env.DATA_DIR ?? './data', 'zhishe.db')),
  };
}
