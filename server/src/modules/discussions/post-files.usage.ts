import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import type { AccessService } from '../access/access.service.js';
import type { FileUsage } from '../files/files.usage.js';
import { listPostIdsUsingFile } from './discussions.queries.js';

/** A discussion post's images and attachments: open to whoever may read one of its posts. */
export class PostFileUsage implements FileUsage {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly access: AccessService,
  ) {}

  async readableVia(actor: Actor, fileId: string): Promise<boolean> {
    for (const postId of await listPostIdsUsingFile(this.db, fileId))
      if ((await this.access.postAccess(actor, postId)).decision.allow) return true;
    return false;
  }
}
