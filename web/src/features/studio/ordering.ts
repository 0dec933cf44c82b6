import type { Move } from './types';

/** The list after moving the item at `from` to `to`. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  const [moved] = next.splice(from, 1);
  if (moved === undefined) return next;
  next.splice(to, 0, moved);
  return next;
}

/**
 * What to tell the server after a drag: the item's new neighbour. After the item before it, or,
 * at the top, before the item that now follows it. Null when nothing moved.
 */
export function moveFor(
  ids: readonly string[],
  activeId: string,
  overId: string,
): { order: string[]; move: Move } | null {
  const from = ids.indexOf(activeId);
  const to = ids.indexOf(overId);
  if (from < 0 || to < 0 || from === to) return null;
  const order = moveItem(ids, from, to);
  const before = order[to - 1];
  const after = order[to + 1];
  if (before !== undefined) return { order, move: { afterId: before } };
  if (after !== undefined) return { order, move: { beforeId: after } };
  return null;
}
