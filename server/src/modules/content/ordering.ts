import { generateKeyBetween } from 'fractional-indexing';

/** A sibling in an ordered list. */
export interface Neighbour {
  id: string;
  position: string;
}

export type MoveResult = { key: string } | { field: 'afterId' | 'beforeId'; message: string };

/**
 * The key for an item moved next to a sibling. `siblings` is the ordered list the item moves
 * within (the item itself excluded); only the moved item's key changes. With no reference the
 * item goes to the end.
 */
export function keyForMove(
  siblings: readonly Neighbour[],
  move: { afterId?: string; beforeId?: string },
): MoveResult {
  const after = move.afterId === undefined ? -1 : siblings.findIndex((s) => s.id === move.afterId);
  if (move.afterId !== undefined && after < 0) return { field: 'afterId', message: 'is not a sibling' };
  const before = move.beforeId === undefined ? -1 : siblings.findIndex((s) => s.id === move.beforeId);
  if (move.beforeId !== undefined && before < 0) return { field: 'beforeId', message: 'is not a sibling' };

  if (move.afterId !== undefined && move.beforeId !== undefined) {
    if (before !== after + 1) return { field: 'beforeId', message: 'must directly follow afterId' };
  }
  let lower: string | null;
  let upper: string | null;
  if (move.afterId !== undefined) {
    lower = siblings[after]?.position ?? null;
    upper = siblings[after + 1]?.position ?? null;
  } else if (move.beforeId !== undefined) {
    lower = siblings[before - 1]?.position ?? null;
    upper = siblings[before]?.position ?? null;
  } else {
    lower = siblings.at(-1)?.position ?? null;
    upper = null;
  }
  return { key: keyBetween(lower, upper) };
}

/**
 * A key strictly between two keys. Two siblings can share a key after concurrent inserts (ties
 * are ordered by id); then the new key goes just after `lower`, which keeps the list usable.
 */
export function keyBetween(lower: string | null, upper: string | null): string {
  if (lower !== null && upper !== null && lower >= upper) return generateKeyBetween(lower, null);
  return generateKeyBetween(lower, upper);
}
