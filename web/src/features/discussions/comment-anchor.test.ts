import { describe, expect, it } from 'vitest';
import { commentAnchorId, commentIdFromHash, placeLinkedComment } from './comment-anchor';
import type { CommentThread } from './types';

const thread = (id: string, replyIds: string[] = []) =>
  ({
    comment: { id, rootId: null },
    replies: replyIds.map((r) => ({ id: r, rootId: id })),
    repliesCursor: null,
  }) as unknown as CommentThread;

describe('comment anchors', () => {
  it('reads the comment id from #comment-<id> only', () => {
    expect(commentIdFromHash('#comment-01HZX9')).toBe('01HZX9');
    expect(commentAnchorId('01HZX9')).toBe('comment-01HZX9');
    expect(commentIdFromHash('')).toBeNull();
    expect(commentIdFromHash('#comments')).toBeNull();
    expect(commentIdFromHash('#comment-')).toBeNull();
    expect(commentIdFromHash('#comment-a"><img')).toBeNull();
  });

  it('places a linked comment: loaded, in its loaded thread, or on its own', () => {
    const threads = [thread('t1', ['r1']), thread('t2')];
    expect(placeLinkedComment(threads, 't2', undefined)).toEqual({ kind: 'loaded' });
    expect(placeLinkedComment(threads, 'r1', undefined)).toEqual({ kind: 'loaded' });
    // Not loaded and not fetched yet: nowhere to put it.
    expect(placeLinkedComment(threads, 'r9', undefined)).toBeNull();
    // A reply behind "view more" goes into its thread.
    expect(placeLinkedComment(threads, 'r9', { id: 'r9', rootId: 't1' })).toEqual({
      kind: 'thread',
      rootId: 't1',
    });
    // A thread on a later page, or a reply whose thread is not loaded: on its own.
    expect(placeLinkedComment(threads, 't9', { id: 't9', rootId: null })).toEqual({ kind: 'alone' });
    expect(placeLinkedComment(threads, 'r8', { id: 'r8', rootId: 't9' })).toEqual({ kind: 'alone' });
  });
});
