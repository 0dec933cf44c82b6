import type { MailMessage } from '../../platform/mail.js';

type MailLocale = 'zh-CN' | 'en';

// Mail is written in the recipient's language; the links open the web app's pages.
const TEXT = {
  'zh-CN': {
    resetSubject: '重置你的知社密码',
    resetBody: (name: string, link: string) =>
      `${name}，你好：\n\n有人请求重置你在知社的密码。如果是你本人，请在 1 小时内打开下面的链接设置新密码：\n\n${link}\n\n如果不是你本人，请忽略这封邮件，你的密码不会改变。\n\n—— 知社`,
    verifySubject: '验证你的知社邮箱',
    verifyBody: (name: string, link: string) =>
      `${name}，你好：\n\n欢迎加入知社！请打开下面的链接验证你的邮箱地址（48 小时内有效）：\n\n${link}\n\n—— 知社`,
  },
  en: {
    resetSubject: 'Reset your Zhishe password',
    resetBody: (name: string, link: string) =>
      `Hello ${name},\n\nSomeone asked to reset your Zhishe password. If it was you, open this link within 1 hour to choose a new one:\n\n${link}\n\nIf it was not you, ignore this e-mail; your password stays as it is.\n\n— Zhishe`,
    verifySubject: 'Verify your Zhishe e-mail address',
    verifyBody: (name: string, link: string) =>
      `Hello ${name},\n\nWelcome to Zhishe! Open this link to verify your e-mail address (valid for 48 hours):\n\n${link}\n\n— Zhishe`,
  },
} as const;

const pick = (locale: string): MailLocale => (locale === 'zh-CN' ? 'zh-CN' : 'en');

export function passwordResetMail(
  to: { email: string; name: string; locale: string },
  link: string,
): MailMessage {
  const t = TEXT[pick(to.locale)];
  return { to: to.email, subject: t.resetSubject, text: t.resetBody(to.name, link) };
}

export function verifyEmailMail(
  to: { email: string; name: string; locale: string },
  link: string,
): MailMessage {
  const t = TEXT[pick(to.locale)];
  return { to: to.email, subject: t.verifySubject, text: t.verifyBody(to.name, link) };
}
