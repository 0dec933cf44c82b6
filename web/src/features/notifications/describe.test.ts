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
    expect(describeNotification(en, newContent('challenge', '早起打卡'), 'en')).toBe(
      'New check-in challenge in 读书会: “早起打卡”',
    );
    expect(describeNotification(en, newContent('assignment', 'Week 1'), 'en')).toBe(
      'New assignment in 读书会: “Week 1”',
    );
    expect(describeNotification(zh, newContent('challenge', '早起打卡'), 'zh-CN')).toBe(
      '「读书会」有新的打卡挑战：“早起打卡”',
    );
    expect(describeNotification(zh, newContent('assignment', null, false), 'zh-CN')).toBe(
      '「读书会」布置了新作业：「读书会」中的一份作业',
    );
    // Other new items keep the shared sentence.
    expect(describeNotification(en, newContent('lesson', 'Intro'), 'en')).toBe('New in 读书会: “Intro”');
  });

  it('says what happened to a paid question, and how much a tip was, in both languages', () => {
    const en = i18n.getFixedT('en');
    const zh = i18n.getFixedT('zh-CN');
    const question = (action: 'asked' | 'answered' | 'refunded') =>
      ({
        ...newContent('paid_question', 'How do I start?'),
        kind: 'paid_question',
        questionAction: action,
      }) as unknown as Notification;
    expect(describeNotification(en, question('asked'), 'en')).toBe(
      'Owner asked you a paid question: “How do I start?”',
    );
    expect(describeNotification(zh, question('answered'), 'zh-CN')).toBe(
      'Owner 回答了你的提问 “How do I start?”',
    );
    expect(describeNotification(en, question('refunded'), 'en')).toContain('refunded');
    const tip = (amountMinor: number | null) =>
      ({
        ...newContent('post', 'Notes'),
        kind: 'tip',
        amountMinor,
        currency: amountMinor === null ? null : 'CNY',
      }) as unknown as Notification;
    expect(describeNotification(en, tip(500), 'en')).toBe('Owner tipped CN¥5 for “Notes”');
    expect(describeNotification(zh, tip(990), 'zh-CN')).toBe('Owner 赞赏了 “Notes” ¥9.90');
    expect(describeNotification(en, tip(null), 'en')).toBe('Owner tipped “Notes”');
  });
});
