import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../test/test-app.js';
import type { DatabaseHandle } from './database.js';

describe('database handle', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle.close());

  it('runs the same parameterised query again with other values, and IN lists of any length', async () => {
    for (const id of ['a', 'b', 'c'])
      expect(await handle.db.selectFrom('users').select('id').where('id', '=', id).execute()).toEqual([]);
    for (const n of [1, 2, 3, 2])
      expect(
        await handle.db
          .selectFrom('users')
          .select('id')
          .where(
            'id',
            'in',
            Array.from({ length: n }, (_, i) => `u${i}`),
          )
          .execute(),
      ).toEqual([]);
  });

  // Named statements exist only on PostgreSQL; on SQLite the test is not registered at all.
  const onPostgres = inject('dialect') === 'postgres' ? it : () => {};
  onPostgres(
    'PostgreSQL: prepares a parameterised text once per connection under a hash name, IN lists and failures aside',
    async () => {
      await handle.db.transaction().execute(async (tx) => {
        await tx.selectFrom('users').select('id').where('id', '=', 'a').execute();
        await tx.selectFrom('users').select('id').where('id', '=', 'b').execute();
        await tx.selectFrom('users').select('email').where('id', 'in', ['a', 'b']).execute();
        const { rows } = await sql<{ name: string; statement: string }>`
          select name, statement from pg_prepared_statements`.execute(tx);
        const users = rows.filter((r) => r.statement.includes('from "users"'));
        expect(users).toHaveLength(1);
        expect(users[0]?.name).toMatch(/^k[0-9a-f]{40}$/);
        expect(users[0]?.statement).toContain('"id" = $1');
      });
      // An execution that fails (bad input for a prepared statement) leaves the statement usable.
      await expect(sql`select ${'x'}::int as n`.execute(handle.db)).rejects.toThrow();
      for (let i = 0; i < 6; i++) {
        const { rows } = await sql<{ n: number }>`select ${String(i)}::int as n`.execute(handle.db);
        expect(rows).toEqual([{ n: i }]);
      }
    },
  );
});
