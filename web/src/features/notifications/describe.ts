import type { TFunction } from 'i18next';
import { formatMoney } from '../communities/money';
import type { Notification } from './types';

/**
 * The sentence for a notification, in the reader's language. The item is named by its title when
 * the reader may still see it, otherwise only by its kind and community ("a post in X"). Amounts
 * (tips) are written for `language`.
 */
export function describeNotification(t: TFunction, n: Notification, language: string): string {
  const item = n.item.visible
    ? n.item.title
      ? `“${n.item.title}”`
      : t(`notifications.untitled.${n.item.type}`)
    : t(`notifications.hidden.${n.item.type}`, { community: n.community.name });
  const actor = n.actor?.displayName ?? t('notifications.someone');
  switch (n.kind) {
    case 'review_decision':
      return t(`notifications.text.review_${n.decision ?? 'approved'}`, { actor, item });
    case 'new_content':
      return t(`notifications.text.${newContentText(n.item.type)}`, {
        actor,
        item,
        community: n.community.name,
      });
    case 'reaction':
      return t('notifications.text.reaction', { actor, item, reaction: n.reaction ?? '' });
    case 'paid_question':
      return t(`notifications.text.paid_question_${n.questionAction ?? 'asked'}`, { actor, item });
    case 'tip':
      return n.amountMinor !== null && n.currency
        ? t('notifications.text.tip', {
            actor,
            item,
            amount: formatMoney(n.amountMinor, n.currency, language),
          })
        : t('notifications.text.tip_noAmount', { actor, item });
    default:
      return t(`notifications.text.${n.kind}`, { actor, item });
  }
}

/** New challenges and assignments say what they are; other new items share one sentence. */
const newContentText = (itemType: string): string =>
  itemType === 'challenge' || itemType === 'assignment' ? `new_${itemType}` : 'new_content';

/** Where a click goes: the item, or the community's page when the item is no longer visible. */
export const notificationTarget = (n: Notification): string => n.item.path ?? `/c/${n.community.slug}`;
