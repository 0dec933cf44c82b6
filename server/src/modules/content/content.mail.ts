import type { MailMessage } from '../../platform/mail.js';

type MailLocale = 'zh-CN' | 'en';

const TEXT = {
  'zh-CN': {
    approvedSubject: (title: string) => `你提交的内容已通过审核：${title}`,
    approvedBody: (name: string, title: string, when: string | null, link: string) =>
      `${name}，你好：\n\n你提交的《${title}》已通过审核，${when ? `将于 ${when} 发布` : '现已发布'}。\n\n${link}\n\n—— 知社`,
    rejectedSubject: (title: string) => `你提交的内容未通过审核：${title}`,
    rejectedBody: (name: string, title: string, reason: string, link: string) =>
      `${name}，你好：\n\n你提交的《${title}》未通过审核，已退回草稿。\n\n原因：${reason}\n\n修改后可以再次提交：\n${link}\n\n—— 知社`,
  },
  en: {
    approvedSubject: (title: string) => `Your submission was approved: ${title}`,
    approvedBody: (name: string, title: string, when: string | null, link: string) =>
      `Hello ${name},\n\n"${title}" was approved and ${when ? `will be published on ${when}` : 'is now published'}.\n\n${link}\n\n— Zhishe`,
    rejectedSubject: (title: string) => `Your submission was not approved: ${title}`,
    rejectedBody: (name: string, title: string, reason: string, link: string) =>
      `Hello ${name},\n\n"${title}" was not approved and is back in your drafts.\n\nReason: ${reason}\n\nYou can change it and submit it again:\n${link}\n\n— Zhishe`,
  },
} as const;

const pick = (locale: string): MailLocale => (locale === 'zh-CN' ? 'zh-CN' : 'en');

const formatTime = (at: number, locale: MailLocale) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(at) +
  ' UTC';

interface Recipient {
  email: string;
  name: string;
  locale: string;
}

export function reviewApprovedMail(
  to: Recipient,
  title: string,
  publishAt: number | null,
  link: string,
): MailMessage {
  const locale = pick(to.locale);
  const t = TEXT[locale];
  const when = publishAt === null ? null : formatTime(publishAt, locale);
  return {
    to: to.email,
    subject: t.approvedSubject(title),
    text: t.approvedBody(to.name, title, when, link),
  };
}

export function reviewRejectedMail(to: Recipient, title: string, reason: string, link: string): MailMessage {
  const t = TEXT[pick(to.locale)];
  return {
    to: to.email,
    subject: t.rejectedSubject(title),
    text: t.rejectedBody(to.name, title, reason, link),
  };
}
