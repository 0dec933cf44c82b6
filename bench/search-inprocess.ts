/**
 * In-process search timing: SearchService.search as the bench member over the bench query mix,
 * without HTTP or wrk, so the numbers hold still on a busy machine. Seeds (or reuses) a SQLite
 * file. `npx tsx bench/search-inprocess.ts [--file /tmp/x.db] [--posts 100000] [--iterations 20]`
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDatabase } from '../server/src/db/database.js';
import { SearchService } from '../server/src/modules/search/search.service.js';
import type { Actor } from '../server/src/platform/actor.js';
import { BENCH_QUERIES, type SearchSeed, seedSearch } from './search-seed.js';

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    posts: { type: 'string', default: '100000' },
    iterations: { type: 'string', default: '20' },
  },
});
const posts = Number(values.posts);
const file = values.file ?? path.join(os.tmpdir(), `zhishe-search-inprocess-${posts}.db`);
const seedFile = `${file}.seed.json`;
let seed: SearchSeed;
if (existsSync(file) && existsSync(seedFile)) seed = JSON.parse(readFileSync(seedFile, 'utf8')) as SearchSeed;
else {
  seed = await seedSearch({ sqliteFile: file }, posts);
  writeFileSync(seedFile, JSON.stringify(seed));
}
const handle = createDatabase({ databaseUrl: null, sqliteFile: file });
const user = await handle.db
  .selectFrom('users')
  .selectAll()
  .where('id', '=', seed.memberId)
  .executeTakeFirstOrThrow();
const actor = { kind: 'user', user } as unknown as Actor;
const service = new SearchService(handle.db, { now: () => Date.now() } as never);
const inputs = BENCH_QUERIES.flatMap((q) => [{ q }, { q, community: seed.communityId }]);
for (const input of inputs) await service.search(actor, input); // warm-up
const cpuStart = process.cpuUsage();
const times: number[] = [];
const perQuery = new Map<string, number[]>();
for (let i = 0; i < Number(values.iterations); i++)
  for (const input of inputs) {
    const t = performance.now();
    await service.search(actor, input);
    const ms = performance.now() - t;
    times.push(ms);
    const key = `${input.q}${input.community ? ' (community)' : ''}`;
    perQuery.set(key, [...(perQuery.get(key) ?? []), ms]);
  }
const cpu = process.cpuUsage(cpuStart);
const cpuMs = (cpu.user + cpu.system) / 1000 / times.length;
times.sort((a, b) => a - b);
const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] as number;
const mean = times.reduce((s, t) => s + t, 0) / times.length;
for (const [q, ts] of perQuery)
  console.log(`${(ts.reduce((s, t) => s + t, 0) / ts.length).toFixed(2).padStart(7)} ms  ${q}`);
console.log(
  `\n${times.length} searches: mean ${mean.toFixed(2)} ms, p50 ${at(0.5).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms wall; CPU ${cpuMs.toFixed(2)} ms per search`,
);
await handle.close();
