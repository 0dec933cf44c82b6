import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Newest first, after `beforeId` when given. */
export function listMail(db: Kysely<DB>, beforeId: string | null, limit: number) {
  let query = db
    .selectFrom('mail_messages')
    .select(['id', 'to_address', 'subject', 'text_body', 'transport', 'created_at'])
    .orderBy('id', 'desc')
    .limit(limit);
  if (beforeId) query = query.where('id', '<', beforeId);
  return query.execute();
}
