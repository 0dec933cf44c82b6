import type { Insertable, Kysely, Updateable } from 'kysely';
import type { AuthTokensTable, DB, SessionsTable, UsersTable } from '../../db/schema.js';

type Executor = Kysely<DB>;

export const anyUserExists = async (db: Executor): Promise<boolean> =>
  (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;

export const findUserByEmail = (db: Executor, email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();

export const findUserById = (db: Executor, id: string) =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const insertUser = (db: Executor, user: Insertable<UsersTable>) =>
  db.insertInto('users').values(user).execute();

export const updateUser = (db: Executor, id: string, changes: Updateable<UsersTable>) =>
  db.updateTable('users').set(changes).where('id', '=', id).execute();

export const insertSession = (db: Executor, session: Insertable<SessionsTable>) =>
  db.insertInto('sessions').values(session).execute();

/** The hot path of every signed-in request: one indexed lookup by token hash. */
export const findLiveSessionByTokenHash = (db: Executor, tokenHash: string, now: number) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.id',
      'users.email',
      'users.display_name',
      'users.locale',
      'users.role',
      'users.email_verified_at',
      'users.created_at',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();

export const renewSession = (db: Executor, sessionId: string, lastSeenAt: number, expiresAt: number) =>
  db
    .updateTable('sessions')
    .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
    .where('id', '=', sessionId)
    .execute();

/** A user's sessions, newest first; a user has a handful, so a bounded page is the whole list. */
export const listUserSessions = (db: Executor, userId: string, now: number, limit: number) =>
  db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();

/** Deletes sessions and returns their token hashes, so caches can forget them. */
export async function deleteSessions(
  db: Executor,
  where: { userId: string; sessionId?: string; exceptSessionId?: string },
): Promise<string[]> {
  let query = db.deleteFrom('sessions').where('user_id', '=', where.userId);
  if (where.sessionId) query = query.where('id', '=', where.sessionId);
  if (where.exceptSessionId) query = query.where('id', '!=', where.exceptSessionId);
  const rows = await query.returning('token_hash').execute();
  return rows.map((r) => r.token_hash);
}

export const insertAuthToken = (db: Executor, token: Insertable<AuthTokensTable>) =>
  db.insertInto('auth_tokens').values(token).execute();

export const findUsableAuthToken = (
  db: Executor,
  purpose: AuthTokensTable['purpose'],
  tokenHash: string,
  now: number,
) =>
  db
    .selectFrom('auth_tokens')
    .select(['id', 'user_id'])
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();

/** Marks a token used; returns false when another request used it first (one use only). */
export async function consumeAuthToken(db: Executor, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('auth_tokens')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Earlier unused tokens of the same purpose stop working when a new one is issued or one is used. */
export const retireAuthTokens = (
  db: Executor,
  userId: string,
  purpose: AuthTokensTable['purpose'],
  now: number,
) =>
  db
    .updateTable('auth_tokens')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
