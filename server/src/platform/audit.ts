import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { newId } from './ids.js';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  data?: Record<string, unknown>;
  ip?: string | null;
}

/** Written inside the transaction of the change it records, so neither exists without the other. */
export async function recordAudit(tx: Kysely<DB>, entry: AuditEntry, now: number): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      id: newId(),
      actor_id: entry.actorId,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      data: JSON.stringify(entry.data ?? {}),
      ip: entry.ip ?? null,
      created_at: now,
    })
    .execute();
}
