import { Type } from 'typebox';
import { badRequest } from './errors.js';

/**
 * Keyset pagination over time-ordered ids: a page is "the next `limit` rows after this id",
 * which stays fast and stable however deep the reader goes (no OFFSET).
 */
export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

export const encodeCursor = (id: string): string => Buffer.from(id, 'utf8').toString('base64url');

export function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id))
    throw badRequest('validation_failed', 'cursor is invalid', [
      { path: 'cursor', message: 'is invalid', code: 'cursor' },
    ]);
  return id;
}

/** Fetch `limit + 1` rows; the extra one says whether there is a next page. */
export function toPage<T extends { id: string }>(
  rows: T[],
  limit: number,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
