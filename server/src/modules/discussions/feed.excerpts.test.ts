import { describe, expect, it } from 'vitest';
import { plainText } from './discussions.presenter.js';
import { ExcerptCache } from './feed.excerpts.js';

describe('ExcerptCache', () => {
  it('works an excerpt out once per body, and again when the body changes', () => {
    const calls: string[] = [];
    const cache = new ExcerptCache((markdown) => {
      calls.push(markdown);
      return plainText(markdown);
    }, 1_000);
    expect(cache.of('a', '**one**')).toBe('one');
    expect(cache.of('a', '**one**')).toBe('one');
    expect(calls).toEqual(['**one**']);
    expect(cache.of('a', '_two_')).toBe('two');
    expect(cache.of('a', '_two_')).toBe('two');
    expect(calls).toEqual(['**one**', '_two_']);
    expect(cache.size).toBe(1);
  });

  it('keeps at most its budget of body characters, oldest out first', () => {
    const cache = new ExcerptCache(plainText, 10);
    cache.of('a', 'aaaa');
    cache.of('b', 'bbbb');
    expect(cache.size).toBe(2);
    cache.of('c', 'cccc');
    expect(cache.size).toBe(2);
    // A body longer than the whole budget is worked out and not kept.
    expect(cache.of('d', 'd'.repeat(11))).toBe('d'.repeat(11));
    expect(cache.size).toBe(2);
    let calls = 0;
    const counting = new ExcerptCache((m) => {
      calls++;
      return m;
    }, 10);
    counting.of('a', 'aaaa');
    counting.of('b', 'bbbb');
    counting.of('c', 'cccc');
    counting.of('b', 'bbbb');
    counting.of('a', 'aaaa');
    expect(calls).toBe(4);
  });
});
