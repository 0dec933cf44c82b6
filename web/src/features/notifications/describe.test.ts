import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../../i18n/en.json';
import zhCN from '../../i18n/zh-CN.json';
import { describeNotification } from './describe';
import type { Notification } from './types';

const i18n = i18next.createInstance();
await i18n.init({
  lng: 'en',
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  interpolation: { escapeValue: false },
});

const newContent = (type: string, title: string | null, visible = true) =>
  ({
    id: 'n1',
    kind: 'new_content',
    community: { id: 'c1', name: '读书会', slug: 'books' },
    actor: { id: 'u1', displayName: 'Owner' },
    item: { type, id: 'i1', title: visible ? title : null, path: null, visible },
    commentId: null,
    reaction: null,
    decision: null,
    createdAt: 0,
    readAt: null,
  }) as unknown as Notification;

describe('describeNotification', () => {
  it('names new challenges and assignments as such, in both languages', () => {
    const en = i18n.getFixedT('en');
    const zh = i18n.getFixedT('zh-CN');
    expect(describeNotification(en, newContent('challenge', '早起打卡'))).toBe(
      'New check-in challenge in 读书会: “早起打卡”',
    );
    expect(describeNotification(en, newContent('assignment', 'Week 1'))).toBe(
      'New assignment in 读书会: “Week 1”',
    );
    expect(describeNotification(zh, newContent('challenge', '早起打卡'))).toBe(
      '「读书会」有新的打卡挑战：“早起打卡”',
    );
    expect(describeNotification(zh, newContent('assignment', null, false))).toBe(
      '「读书会」布置了新作业：「读书会」中的一份作业',
    );
    // Other new items keep the shared sentence.
    expect(describeNotification(en, newContent('lesson', 'Intro'))).toBe('New in 读书会: “Intro”');
  });
});
