import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { forbidden, unauthenticated } from '../../platform/errors.js';
import { decodeCursor, toPage } from '../../platform/pagination.js';
import { can } from './operator.policy.js';
import { listMail } from './operator.queries.js';

export class OperatorService {
  constructor(private readonly db: Kysely<DB>) {}

  async listSentMail(actor: Actor, page: { limit?: number; cursor?: string }) {
    if (actor.kind !== 'user') throw unauthenticated();
    if (!can(actor, 'operator:read-mail-log')) throw forbidden();
    const limit = page.limit ?? 20;
    return toPage(await listMail(this.db, decodeCursor(page.cursor), limit + 1), limit);
  }
}
