/**
 * The `SearchIndexer` every writer calls inside its transaction: segments the document's title
 * and text with jieba and hands the tokens to the database's index (db/search-index.ts).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { deleteSearchDocument, writeSearchDocument } from '../../db/search-index.js';
import type { Clock } from '../clock.js';
import type { SearchDocument, SearchIndexer, SearchKind } from './search-document.js';
import { indexTokens, TOKENIZER_VERSION } from './tokenizer.js';

/** Text past this many characters is neither indexed nor kept (a very long lesson's tail). */
export const MAX_INDEXED_CHARS = 60_000;
export const MAX_TITLE_CHARS = 300;

export class JiebaSearchIndexer implements SearchIndexer {
  constructor(private readonly clock: Clock) {}

  async index(tx: Kysely<DB>, doc: SearchDocument): Promise<void> {
    const title = doc.title.slice(0, MAX_TITLE_CHARS);
    const body = doc.text.slice(0, MAX_INDEXED_CHARS);
    await writeSearchDocument(tx, {
      kind: doc.kind,
      id: doc.id,
      communityId: doc.communityId,
      parentId: doc.parentId,
      title,
      body,
      authorId: doc.authorId,
      createdAt: doc.createdAt,
      indexedAt: this.clock.now(),
      tokenizerVersion: TOKENIZER_VERSION,
      titleTokens: indexTokens(title),
      bodyTokens: indexTokens(body),
    });
  }

  async remove(tx: Kysely<DB>, kind: SearchKind, id: string): Promise<void> {
    await deleteSearchDocument(tx, kind, id);
  }
}
