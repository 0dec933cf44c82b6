import { describe, expect, it } from 'vitest';
import { decidePost, type Viewer } from '../access/access.rules.js';
import { decodeFeedCursor, encodeFeedCursor } from './discussions.context.js';
import {
  canAccept,
  canComment,
  canPin,
  countLinks,
  DEFAULT_REVIEW_SETTINGS,
  HOT_DECAY_MS,
  hotScore,
  mentionedNames,
  needsReview,
  referencedFileIds,
} from './discussions.policy.js';
import { plainText } from './discussions.presenter.js';

const NOW = Date.UTC(2026, 4, 1);
const DAY = 86_400_000;

function viewer(
  kind:
    | 'anonymous'
    | 'outsider'
    | 'member'
    | 'newMember'
    | 'expired'
    | 'owner'
    | 'moderator'
    | 'contributor'
    | 'operator',
): Viewer {
  const member = (startsAt: number, state: 'active' | 'expired' = 'active') => ({
    state,
    planId: null,
    startsAt,
    endsAt: null,
  });
  return {
    userId: kind === 'anonymous' ? null : `u-${kind}`,
    isOperator: kind === 'operator',
    communityId: 'c',
    staffRole: kind === 'owner' || kind === 'moderator' || kind === 'contributor' ? kind : null,
    membership:
      kind === 'member'
        ? member(NOW - 30 * DAY)
        : kind === 'newMember'
          ? member(NOW - DAY)
          : kind === 'expired'
            ? member(NOW - 30 * DAY, 'expired')
            : null,
    now: NOW,
  };
}

describe('decidePost', () => {
  const post = (state: 'published' | 'in_review' | 'hidden' | 'deleted', author = 'u-author') => ({
    state,
    author_id: author,
  });
  it.each([
    ['anonymous', 'published', 403],
    ['outsider', 'published', 403],
    ['expired', 'published', 403],
    ['member', 'published', 200],
    ['contributor', 'published', 200],
    ['operator', 'published', 200],
    ['member', 'in_review', 404],
    ['outsider', 'in_review', 404],
    ['moderator', 'in_review', 200],
    ['member', 'hidden', 404],
    ['owner', 'hidden', 200],
    ['member', 'deleted', 404],
    ['moderator', 'deleted', 200],
  ] as const)('%s reading a %s post → %i', (who, state, status) => {
    const decision = decidePost(viewer(who), post(state));
    expect(decision.allow ? 200 : decision.status).toBe(status);
    if (!decision.allow && status === 403) expect(decision.code).toBe('join_required');
  });
  it('authors see their own posts in review, but not once deleted', () => {
    expect(decidePost(viewer('member'), post('in_review', 'u-member')).allow).toBe(true);
    expect(decidePost(viewer('member'), post('deleted', 'u-member')).allow).toBe(false);
  });
});

describe('policy', () => {
  const p = { state: 'published', kind: 'question', locked: 0, author_id: 'u-member' };
  it('pinning is the owner’s; accepting the asker’s or a moderator’s; locked threads take the team only', () => {
    expect(canPin(viewer('owner'))).toBe(true);
    expect(canPin(viewer('moderator'))).toBe(false);
    expect(canAccept(viewer('member'), p)).toBe(true);
    expect(canAccept(viewer('moderator'), p)).toBe(true);
    expect(canAccept(viewer('newMember'), p)).toBe(false);
    expect(canAccept(viewer('member'), { ...p, kind: 'discussion' })).toBe(false);
    expect(canComment(viewer('member'), { ...p, locked: 1 })).toBe(false);
    expect(canComment(viewer('moderator'), { ...p, locked: 1 })).toBe(true);
    expect(canComment(viewer('outsider'), p)).toBe(false);
  });
});

describe('hot score', () => {
  it('grows with engagement logarithmically and with age linearly', () => {
    const t = NOW;
    expect(hotScore(0, 0, t + HOT_DECAY_MS) - hotScore(0, 0, t)).toBeCloseTo(1, 10);
    expect(hotScore(9, 0, t) - hotScore(0, 0, t)).toBeCloseTo(1, 10);
    expect(hotScore(0, 1, t)).toBeCloseTo(hotScore(2, 0, t), 10);
    // A day-old post needs about 10^(86400/45000) ≈ 83× the engagement to stay level.
    expect(hotScore(100, 0, t)).toBeGreaterThan(hotScore(0, 0, t + DAY));
    expect(hotScore(10, 0, t)).toBeLessThan(hotScore(0, 0, t + DAY));
    expect(hotScore(-5, -5, t)).toBe(hotScore(0, 0, t));
  });
});

describe('mentions, links, files', () => {
  it('finds @names in Chinese and English, once each, not inside e-mail addresses', () => {
    expect(mentionedNames('hi @Alice, and @小明。also @alice and mail bob@example.com')).toEqual([
      'alice',
      '小明',
    ]);
    expect(mentionedNames('@a_b.c. end')).toEqual(['a_b.c']);
    expect(mentionedNames('no mentions')).toEqual([]);
    expect(mentionedNames(Array.from({ length: 30 }, (_, i) => `@n${i}`).join(' '))).toHaveLength(20);
  });
  it('counts links and names uploaded files', () => {
    expect(countLinks('a https://x.y/z and [t](http://q.r) and ftp://no')).toBe(2);
    const id = '0190f0f0-0000-7000-8000-000000000001';
    expect(referencedFileIds(`![img](/api/files/${id}) again /api/files/${id}`)).toEqual([id]);
  });
  it('sends new members with many links, and everyone when the community asks, to review', () => {
    const s = DEFAULT_REVIEW_SETTINGS;
    expect(needsReview(viewer('newMember'), s, s.newMemberLinkLimit + 1)).toBe(true);
    expect(needsReview(viewer('newMember'), s, s.newMemberLinkLimit)).toBe(false);
    expect(needsReview(viewer('member'), s, 50)).toBe(false);
    expect(needsReview(viewer('member'), { ...s, postsRequireReview: true }, 0)).toBe(true);
    expect(needsReview(viewer('moderator'), { ...s, postsRequireReview: true }, 50)).toBe(false);
  });
});

describe('feed cursors and excerpts', () => {
  it('round-trips ids and scores, and refuses anything else', () => {
    const c = { id: '0190f0f0-0000-7000-8000-000000000001', score: 12.345678901234567 };
    expect(decodeFeedCursor(encodeFeedCursor(c))).toEqual(c);
    expect(() => decodeFeedCursor('nonsense')).toThrow();
    expect(() => decodeFeedCursor(encodeFeedCursor({ id: 'x' }))).toThrow();
    expect(decodeFeedCursor(undefined)).toBeNull();
  });
  it('excerpts markdown as plain text', () => {
    expect(plainText('# Title\n\n**bold** [link](http://x) ![i](/a.png)\n```js\ncode\n```')).toBe(
      'Title bold link',
    );
    expect(plainText('x'.repeat(300))).toHaveLength(200);
  });
});
