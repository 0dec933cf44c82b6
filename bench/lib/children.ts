import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { READY_PREFIX } from '../servers/lifecycle.js';

export interface ServerChild {
  readonly name: string;
  readonly port: number;
  readonly baseUrl: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  /** Absolute path of the server script (TypeScript, loaded through tsx). */
  script: string;
  cwd: string;
  env: Record<string, string>;
  /** CPU to pin the process to with taskset, or `null` to run unpinned. */
  cpu: number | null;
  nodeArgs?: string[];
  readyTimeoutMs?: number;
  signal: AbortSignal;
}

/** Every child still running, so an abrupt exit can still kill them (by pid, synchronously). */
const live = new Set<ChildProcess>();

export function killAllChildrenSync(): void {
  for (const child of live) killGroup(child, 'SIGKILL');
  live.clear();
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Detached, so the child leads its own process group: this reaches it and nothing else.
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a server script in its own (optionally pinned) process and waits for its ready line. */
export async function startServer(options: StartOptions): Promise<ServerChild> {
  const port = await freePort();
  const nodeCommand = [process.execPath, ...(options.nodeArgs ?? []), '--import', 'tsx', options.script];
  const [command, ...args] =
    options.cpu === null ? nodeCommand : ['taskset', '-c', String(options.cpu), ...nodeCommand];
  const child = spawn(command as string, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  live.add(child);

  const prefix = `[${options.name}] `;
  createInterface({ input: child.stderr! }).on('line', (line) => process.stderr.write(`${prefix}${line}\n`));
  const lines = createInterface({ input: child.stdout! });

  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      live.delete(child);
      resolve();
    });
  });

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 8_000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timeoutMs = options.readyTimeoutMs ?? 60_000;
      const timer = setTimeout(
        () => reject(new Error(`${options.name} did not start within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onAbort = (): void => reject(new Error('interrupted'));
      options.signal.addEventListener('abort', onAbort, { once: true });
      const done = (): void => {
        clearTimeout(timer);
        options.signal.removeEventListener('abort', onAbort);
      };
      lines.on('line', (line) => {
        if (line.startsWith(READY_PREFIX)) {
          done();
          resolve();
        } else {
          process.stdout.write(`${prefix}${line}\n`);
        }
      });
      child.once('error', (err) => {
        done();
        reject(err);
      });
      child.once('exit', (code, signal) => {
        done();
        reject(new Error(`${options.name} exited before it was ready (code ${code}, signal ${signal})`));
      });
      if (options.signal.aborted) onAbort();
    });
  } catch (err) {
    await stop();
    throw err;
  }

  return { name: options.name, port, baseUrl: `http://127.0.0.1:${port}`, stop };
}
