/**
 * What a module hands the search index about one of its items. Writers call the indexer inside
 * the transaction that changes the item (create, edit, delete, hide), so the index never drifts.
 * Text is plain (markdown and HTML stripped by the caller or the indexer); the index segments
 * Chinese with jieba. Access is decided at query time from `kind`, `communityId` and the item's
 * own row (a paid lesson's plans, a post's state), never from anything stored here.
 */
export type SearchKind = 'post' | 'comment' | 'lesson';

export interface SearchDocument {
  kind: SearchKind;
  id: string;
  communityId: string;
  /** The post a comment belongs to; the course a lesson belongs to. */
  parentId: string | null;
  title: string;
  text: string;
  authorId: string | null;
  createdAt: number;
}

/** Keeps the index in step with writes; `tx` is the writer's transaction (or the database). */
export interface SearchIndexer {
  index(tx: import('kysely').Kysely<import('../../db/schema.js').DB>, doc: SearchDocument): Promise<void>;
  remove(
    tx: import('kysely').Kysely<import('../../db/schema.js').DB>,
    kind: SearchKind,
    id: string,
  ): Promise<void>;
}
