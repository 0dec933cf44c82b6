import type { MailMessage } from '../../platform/mail.js';

const formatDate = (at: number, locale: 'zh-CN' | 'en') =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(at));

const TEXT = {
  'zh-CN': {
    subject: (community: string) => `你在「${community}」的会员即将到期`,
    body: (name: string, community: string, date: string, link: string) =>
      `${name}，你好：\n\n你在「${community}」的会员将于 ${date}（UTC）到期。到期后将无法查看会员内容。如需继续，请打开下面的链接续费：\n\n${link}\n\n—— 知社`,
  },
  en: {
    subject: (community: string) => `Your membership of ${community} ends soon`,
    body: (name: string, community: string, date: string, link: string) =>
      `Hello ${name},\n\nYour membership of ${community} ends on ${date} (UTC). After that, member-only content closes. To continue, renew here:\n\n${link}\n\n— Zhishe`,
  },
} as const;

/** The reminder a member gets once, a week before their membership ends, in their language. */
export function membershipEndingMail(
  to: { email: string; name: string; locale: string },
  community: string,
  endsAt: number,
  link: string,
): MailMessage {
  const locale = to.locale === 'zh-CN' ? 'zh-CN' : 'en';
  const t = TEXT[locale];
  return {
    to: to.email,
    subject: t.subject(community),
    text: t.body(to.name, community, formatDate(endsAt, locale), link),
  };
}
