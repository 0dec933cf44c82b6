import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

const Health = Type.Object({ status: Type.Literal('ok') });
const Ready = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  checks: Type.Record(Type.String(), Type.Union([Type.Literal('ok'), Type.String()])),
});

/** Liveness says the process answers; readiness says its database (and Redis) answer too. */
export function healthRoutes(checks: ReadinessCheck[]) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/api/health', { schema: { tags: ['operations'], response: { 200: Health } } }, async () => ({
      status: 'ok' as const,
    }));

    app.get(
      '/api/ready',
      { schema: { tags: ['operations'], response: { 200: Ready, 503: Ready } } },
      async (_req, reply) => {
        const results: Record<string, string> = {};
        await Promise.all(
          checks.map(async ({ name, check }) => {
            try {
              await withTimeout(check(), 2000);
              results[name] = 'ok';
            } catch (err) {
              results[name] = `failed: ${err instanceof Error ? err.message : String(err)}`;
            }
          }),
        );
        const ok = Object.values(results).every((r) => r === 'ok');
        return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks: results });
      },
    );
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
