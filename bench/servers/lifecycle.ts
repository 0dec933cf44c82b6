/**
 * Shared by the bench's server children: announce the port once listening, and stop cleanly
 * (so `--cpu-prof` can write its profile) on SIGTERM/SIGINT or when the parent goes away.
 */
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
