import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/test-app.js';
import type { DatabaseHandle } from './database.js';
import { preparedQuery } from './prepared.js';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  const now = Date.now();
  for (const [id, email] of [
    ['u1', 'one@example.com'],
    ['u2', 'two@example.com'],
  ] as const)
    await handle.db
      .insertInto('users')
      .values({
        id,
        email,
        display_name: id,
        password_hash: 'x',
        role: 'user',
        locale: 'en',
        email_verified_at: null,
        password_changed_at: now,
        created_at: now,
        updated_at: now,
      })
      .execute();
});
afterAll(async () => {
  await handle.close();
});

describe('preparedQuery', () => {
  const userByIdOrEmail = preparedQuery((db, id: string, email: string) =>
    db
      .selectFrom('users')
      .select(['id', 'email'])
      .where((eb) => eb.or([eb('id', '=', id), eb('email', '=', email)]))
      .where('role', '=', 'user')
      .orderBy('id'),
  );

  it('runs the query compiled once with each call’s values, keeping the builder’s constants', async () => {
    expect(await userByIdOrEmail(handle.db, 'u1', 'nobody@example.com')).toEqual([
      { id: 'u1', email: 'one@example.com' },
    ]);
    expect(await userByIdOrEmail(handle.db, 'u1', 'two@example.com')).toEqual([
      { id: 'u1', email: 'one@example.com' },
      { id: 'u2', email: 'two@example.com' },
    ]);
    expect(await userByIdOrEmail(handle.db, 'none', 'none')).toEqual([]);
  });

  it('works inside a transaction', async () => {
    await handle.db.transaction().execute(async (tx) => {
      expect((await userByIdOrEmail(tx, 'u2', '')).map((r) => r.id)).toEqual(['u2']);
    });
  });

  it('refuses a builder that does not bind every argument as a value', async () => {
    const unbound = preparedQuery((db, _id: string) => db.selectFrom('users').select('id'));
    await expect(unbound(handle.db, 'u1')).rejects.toThrow(/argument 0 is not a bound parameter/);
    const inlined = preparedQuery((db, id: string) =>
      db
        .selectFrom('users')
        .select('id')
        .where(sql.raw(`id = '${id}'`) as never)
        .where('id', '=', id),
    );
    await expect(inlined(handle.db, 'u1')).rejects.toThrow(/written into the SQL text/);
  });
});
