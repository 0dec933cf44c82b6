import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../platform/clock.js';
import { badRequest } from '../../platform/errors.js';
import { MAIL_TOPIC, type QueuedMail } from '../../platform/mail.js';
import type { Outbox } from '../../platform/outbox.js';
import type { NotificationKind } from './notification-events.js';
import { type ItemRef, loadItemFacts, parentOf, whoMaySee } from './notifications.audience.js';
import { itemPath } from './notifications.presenter.js';
import * as q from './notifications.queries.js';
import { DEFAULT_PREFERENCES, NOTIFICATION_KINDS } from './notifications.schemas.js';
import type { NotificationsService } from './notifications.service.js';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** 1970-01-01 was a Thursday: weeks counted from Monday 1970-01-05. */
const MONDAY_OFFSET_MS = 4 * DAY_MS;

export type Cadence = 'daily' | 'weekly';

/** The period a digest belongs to: UTC days, or UTC weeks starting on Monday. */
export const periodOf = (cadence: Cadence, now: number): number =>
  cadence === 'daily' ? Math.floor(now / DAY_MS) : Math.floor((now - MONDAY_OFFSET_MS) / WEEK_MS);

/** How far back a digest looks: its period and one more, for what the last one just missed. */
const lookBack = (cadence: Cadence) => (cadence === 'daily' ? 2 * DAY_MS : 2 * WEEK_MS);

// ── unsubscribe tokens ─────────────────────────────────────────────────────

/**
 * A link that turns off every e-mail digest of one user, without signing in: the user's id,
 * signed with the site secret (HMAC-SHA256). It does not expire, as unsubscribe links must not.
 */
export function unsubscribeToken(secret: string, userId: string): string {
  const body = Buffer.from(`digest:${userId}`, 'utf8').toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

const invalid = () =>
  badRequest('invalid_token', 'This unsubscribe link is not valid.', [
    { path: 'token', code: 'invalid', message: 'is not a valid unsubscribe token' },
  ]);

export function verifyUnsubscribeToken(secret: string, token: string): string {
  const [body, mac] = token.split('.');
  if (!body || !mac) throw invalid();
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  const text = Buffer.from(body, 'base64url').toString('utf8');
  if (!text.startsWith('digest:')) throw invalid();
  return text.slice('digest:'.length);
}

const sign = (secret: string, body: string) =>
  createHmac('sha256', `${secret}:notifications-unsubscribe`).update(body).digest('base64url');

// ── the mail ───────────────────────────────────────────────────────────────

const TEXT = {
  'zh-CN': {
    subject: (cadence: Cadence, n: number) =>
      `${cadence === 'daily' ? '今日' : '本周'}知社通知摘要：${n} 条未读`,
    greeting: (name: string) => `${name}，你好：`,
    intro: (n: number) => `你有 ${n} 条未读通知：`,
    kinds: {
      reply: '回复了你',
      mention: '提到了你',
      reaction: '回应了你',
      answer_accepted: '采纳了你的回答',
      review_decision: '审核结果',
      new_content: '新内容',
      paid_question: '付费提问',
      tip: '赞赏了你',
    } satisfies Record<NotificationKind, string>,
    hidden: (community: string) => `「${community}」中的一项内容`,
    all: '查看全部通知：',
    unsubscribe: '不想再收到摘要邮件？一键退订：',
    signature: '—— 知社',
  },
  en: {
    subject: (cadence: Cadence, n: number) =>
      `Your ${cadence === 'daily' ? 'daily' : 'weekly'} Zhishe digest: ${n} unread`,
    greeting: (name: string) => `Hello ${name},`,
    intro: (n: number) => `You have ${n} unread notification${n === 1 ? '' : 's'}:`,
    kinds: {
      reply: 'replied to you',
      mention: 'mentioned you',
      reaction: 'reacted',
      answer_accepted: 'accepted your answer',
      review_decision: 'review decision',
      new_content: 'new content',
      paid_question: 'paid question',
      tip: 'tipped you',
    } satisfies Record<NotificationKind, string>,
    hidden: (community: string) => `an item in ${community}`,
    all: 'See all notifications:',
    unsubscribe: 'No more digest e-mails? Unsubscribe in one click:',
    signature: '— Zhishe',
  },
} as const;

export interface DigestDeps {
  db: Kysely<DB>;
  clock: Clock;
  outbox: Outbox;
  notifications: NotificationsService;
  publicUrl: string;
  secret: string;
}

/**
 * The digest job: for each user with unread notifications not yet e-mailed, one mail per period
 * and cadence with the kinds they chose for that cadence. Claiming the (user, cadence, period)
 * row and queueing the mail happen in one transaction, so a digest is sent once however many
 * processes run the job or however often it runs; notifications put in a digest are not repeated
 * in the next. Titles are read now, for the reader, as in the app.
 */
export async function sendDigests(deps: DigestDeps, cadence: Cadence): Promise<number> {
  const { db, clock } = deps;
  const now = clock.now();
  const period = periodOf(cadence, now);
  const since = now - lookBack(cadence);
  let sent = 0;
  let after = '';
  for (;;) {
    const users = await q.listDigestCandidates(db, since, after, 200);
    if (users.length === 0) break;
    after = users[users.length - 1] as string;
    const prefs = await deps.notifications.preferencesOf(users);
    for (const userId of users) {
      const mine = prefs.get(userId) ?? DEFAULT_PREFERENCES;
      const kinds = NOTIFICATION_KINDS.filter((k) => mine[k].email === cadence);
      if (kinds.length === 0) continue;
      if (await sendDigest(deps, userId, cadence, period, kinds, since, now)) sent++;
    }
    if (users.length < 200) break;
  }
  return sent;
}

async function sendDigest(
  deps: DigestDeps,
  userId: string,
  cadence: Cadence,
  period: number,
  kinds: readonly NotificationKind[],
  since: number,
  now: number,
): Promise<boolean> {
  const { db } = deps;
  const items = await q.listDigestItems(db, userId, kinds, since);
  if (items.length === 0) return false;
  const user = await q.findUserForMail(db, userId);
  if (!user) return false;
  const locale = user.locale === 'zh-CN' ? 'zh-CN' : 'en';
  const t = TEXT[locale];
  const lines: string[] = [];
  for (const item of items) {
    const facts = await loadItemFacts(
      db,
      { itemType: item.item_type as ItemRef['itemType'], itemId: item.item_id },
      item.community_id,
    );
    const visible = facts ? (await whoMaySee(db, facts, [userId], now)).has(userId) : false;
    const kind = t.kinds[item.kind as NotificationKind] ?? item.kind;
    const who = item.actor_name ? `${item.actor_name} · ` : '';
    lines.push(
      visible
        ? `• ${who}${kind}: ${facts?.title ?? t.hidden(item.community_name)} (${item.community_name})\n  ${deps.publicUrl}${itemPath(item.item_type, item.item_id, item.community_slug, item.comment_id, parentOf(facts))}`
        : `• ${who}${kind}: ${t.hidden(item.community_name)}`,
    );
  }
  const unsubscribeUrl = `${deps.publicUrl}/api/notifications/unsubscribe?token=${unsubscribeToken(deps.secret, userId)}`;
  const unsubscribePage = `${deps.publicUrl}/unsubscribe?token=${unsubscribeToken(deps.secret, userId)}`;
  const mail: QueuedMail = {
    id: `digest-${userId}-${cadence}-${period}`,
    to: user.email,
    subject: t.subject(cadence, items.length),
    text: [
      t.greeting(user.display_name),
      '',
      t.intro(items.length),
      '',
      ...lines,
      '',
      t.all,
      `${deps.publicUrl}/notifications`,
      '',
      t.unsubscribe,
      unsubscribePage,
      '',
      t.signature,
    ].join('\n'),
    // RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to this address.
    headers: {
      'List-Unsubscribe': `<${unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
  return db.transaction().execute(async (tx) => {
    const claimed = await q.claimDigest(tx, {
      user_id: userId,
      cadence,
      period,
      notification_count: items.length,
      sent_at: now,
    });
    if (!claimed) return false;
    await q.markEmailed(
      tx,
      items.map((i) => i.id),
      now,
    );
    await deps.outbox.add(tx, MAIL_TOPIC, mail);
    return true;
  });
}

/** Turns off every e-mail digest of the token's user; returns the address, for the page to show. */
export async function unsubscribe(deps: Pick<DigestDeps, 'db' | 'clock' | 'secret'>, token: string) {
  const userId = verifyUnsubscribeToken(deps.secret, token);
  const user = await q.findUserForMail(deps.db, userId);
  if (!user) throw invalid();
  await deps.db
    .transaction()
    .execute((tx) => q.turnOffEmail(tx, userId, NOTIFICATION_KINDS, deps.clock.now()));
  return { unsubscribed: true, email: user.email };
}
