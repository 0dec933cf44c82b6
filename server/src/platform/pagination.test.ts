import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { newId } from './ids.js';
import { decodeCursor, encodeCursor, toPage } from './pagination.js';

describe('cursors', () => {
  it('round-trip an id and are URL-safe', () => {
    const id = newId();
    const cursor = encodeCursor(id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toBe(id);
    expect(decodeCursor(cursor)).toBe(id);
  });

  it('decode a missing or empty cursor as the first page', () => {
    expect(decodeCursor(undefined)).toBeNull();
    expect(decodeCursor('')).toBeNull();
  });

  it.each([
    ['not base64 of an id', 'hello'],
    ['an encoded non-id', encodeCursor("x' or 1=1 --")],
    ['a truncated id', encodeCursor(newId().slice(0, 30))],
  ])('refuse %s with a 400 naming the cursor field', (_what, cursor) => {
    let error: unknown;
    try {
      decodeCursor(cursor);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      status: 400,
      code: 'validation_failed',
      errors: [{ path: 'cursor', code: 'cursor' }],
    });
  });
});

describe('toPage', () => {
  const rows = (n: number) => Array.from({ length: n }, () => ({ id: newId() }));

  it('returns limit items and a cursor at the last one when there is one row more', () => {
    const fetched = rows(4);
    const page = toPage(fetched, 3);
    expect(page.items).toEqual(fetched.slice(0, 3));
    expect(page.nextCursor).not.toBeNull();
    expect(decodeCursor(page.nextCursor ?? undefined)).toBe(fetched[2]?.id);
  });

  it('has no next page when the rows fit', () => {
    const fetched = rows(3);
    expect(toPage(fetched, 3)).toEqual({ items: fetched, nextCursor: null });
    expect(toPage([], 3)).toEqual({ items: [], nextCursor: null });
  });
});
