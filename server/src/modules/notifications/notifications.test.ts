import { describe, expect, it } from 'vitest';
import { periodOf, unsubscribeToken, verifyUnsubscribeToken } from './notifications.digest.js';
import { presentNotification } from './notifications.presenter.js';
import type { NotificationListRow } from './notifications.queries.js';

const SECRET = 's'.repeat(40);

describe('unsubscribe tokens', () => {
  it('round-trips a user id and refuses a changed, foreign or malformed token', () => {
    const token = unsubscribeToken(SECRET, 'user-1');
    expect(verifyUnsubscribeToken(SECRET, token)).toBe('user-1');
    const [body, mac] = token.split('.');
    const other = Buffer.from('digest:user-2').toString('base64url');
    for (const bad of [
      `${other}.${mac}`,
      `${body}.${mac}x`,
      body ?? '',
      '',
      unsubscribeToken('t'.repeat(40), 'user-1'),
    ])
      expect(() => verifyUnsubscribeToken(SECRET, bad)).toThrow('not valid');
  });
});

describe('digest periods', () => {
  it('counts UTC days, and weeks from Monday', () => {
    const monday = Date.UTC(2026, 5, 1, 0, 0, 0);
    const sunday = Date.UTC(2026, 5, 7, 23, 59, 59);
    expect(periodOf('weekly', monday)).toBe(periodOf('weekly', sunday));
    expect(periodOf('weekly', monday - 1)).toBe(periodOf('weekly', monday) - 1);
    expect(periodOf('daily', monday)).toBe(periodOf('daily', monday - 1) + 1);
    expect(periodOf('daily', sunday)).toBe(periodOf('daily', monday) + 6);
  });
});

describe('presentNotification', () => {
  const row: NotificationListRow = {
    id: 'n1',
    kind: 'reply',
    community_id: 'c1',
    actor_id: 'u1',
    item_type: 'post',
    item_id: 'p1',
    comment_id: 'k1',
    data: '{"reaction":"like"}',
    created_at: 1,
    read_at: null,
    community_name: 'Club',
    community_slug: 'club',
    actor_name: 'Ann',
  };

  it('links to the item for a reader who may see it', () => {
    const dto = presentNotification(row, { visible: true, title: 'Plan', parentId: null });
    expect(dto.item).toEqual({
      type: 'post',
      id: 'p1',
      title: 'Plan',
      path: '/posts/p1#comment-k1',
      visible: true,
    });
    expect(dto.reaction).toBe('like');
  });

  it('names only the community to a reader who lost access', () => {
    const dto = presentNotification(row, { visible: false, title: 'Plan', parentId: null });
    expect(dto.item).toEqual({ type: 'post', id: 'p1', title: null, path: null, visible: false });
    expect(dto.commentId).toBeNull();
    expect(dto.community).toEqual({ id: 'c1', name: 'Club', slug: 'club' });
  });
});
