/**
 * Gifts in the caller's transaction: the gift row made with its order, the redemption link issued
 * when the order is paid (instead of a membership for the buyer), and what a refund does to it.
 */
import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, GiftsTable, OrdersTable } from '../../db/schema.js';
import { recordAudit } from '../../platform/audit.js';
import { newId } from '../../platform/ids.js';
import { MAIL_TOPIC, type QueuedMail } from '../../platform/mail.js';
import type { Outbox } from '../../platform/outbox.js';
import { hashToken } from '../../platform/tokens.js';

/** A redeemed gift's order was fully refunded: the recipient's membership ends (after commit). */
export const GIFT_REFUNDED_TOPIC = 'gift.refunded';

/**
 * The redemption token of a gift, derived from the site's secret: the buyer can see their link again
 * on the order page, yet the database holds only its hash, so a leaked table redeems nothing.
 */
export const giftToken = (secret: string, giftId: string): string =>
  createHmac('sha256', secret).update(`gift:${giftId}`).digest('base64url');

export const giftLink = (publicUrl: string, token: string) => `${publicUrl}/gift/${token}`;

/** The source a gift's grant and its refund are recorded under (membership events are unique by it). */
export const giftGrantSourceId = (giftId: string) => `gift:${giftId}`;

export async function insertGift(
  tx: Kysely<DB>,
  order: Pick<OrdersTable, 'id' | 'community_id' | 'item_id' | 'buyer_id'>,
  recipientEmail: string | null,
  now: number,
): Promise<GiftsTable> {
  const row: GiftsTable = {
    id: newId(),
    order_id: order.id,
    community_id: order.community_id,
    plan_id: order.item_id,
    buyer_id: order.buyer_id,
    recipient_email: recipientEmail,
    token_hash: null,
    state: 'awaiting_payment',
    redeemed_by: null,
    redeemed_at: null,
    created_at: now,
    updated_at: now,
  };
  await tx.insertInto('gifts').values(row).execute();
  return row;
}

export const findGiftByOrder = (db: Kysely<DB>, orderId: string) =>
  db.selectFrom('gifts').selectAll().where('order_id', '=', orderId).executeTakeFirst();

/**
 * A paid gift order: its link becomes redeemable, and is mailed to the recipient when the buyer
 * gave an address. Returns false when the order is not a gift (the buyer gets the membership).
 */
export async function issueGift(
  tx: Kysely<DB>,
  deps: { outbox: Outbox; secret: string; publicUrl: string },
  order: OrdersTable,
  now: number,
): Promise<boolean> {
  const gift = await findGiftByOrder(tx, order.id);
  if (!gift) return false;
  if (gift.state !== 'awaiting_payment') return true;
  const token = giftToken(deps.secret, gift.id);
  await tx
    .updateTable('gifts')
    .set({ state: 'ready', token_hash: hashToken(token), updated_at: now })
    .where('id', '=', gift.id)
    .execute();
  await recordAudit(
    tx,
    {
      actorId: null,
      action: 'gift.issued',
      subjectType: 'order',
      subjectId: order.id,
      data: { giftId: gift.id, mailed: gift.recipient_email !== null },
    },
    now,
  );
  if (gift.recipient_email) {
    const community = await tx
      .selectFrom('communities')
      .select('name')
      .where('id', '=', order.community_id)
      .executeTakeFirst();
    const link = giftLink(deps.publicUrl, token);
    const name = community?.name ?? '';
    const mail: QueuedMail = {
      id: newId(),
      to: gift.recipient_email,
      subject: `你收到一份礼物：${name} · A gift for you: ${name}`,
      text: [
        `有人送你「${name}」的会员（${order.item_name}）。打开下面的链接领取：`,
        link,
        '',
        `Someone gave you a membership of "${name}" (${order.item_name}). Open this link to redeem it:`,
        link,
      ].join('\n'),
    };
    await deps.outbox.add(tx, MAIL_TOPIC, mail);
  }
  return true;
}

/**
 * A full refund of a gift order: an unredeemed link is voided; a redeemed one ends the recipient's
 * membership after commit, like a normal refund ends the buyer's. A partial refund changes nothing.
 */
export async function refundGift(
  tx: Kysely<DB>,
  outbox: Outbox,
  order: OrdersTable,
  refundId: string,
  actorId: string | null,
  reason: string,
  now: number,
): Promise<boolean> {
  const gift = await findGiftByOrder(tx, order.id);
  if (!gift) return false;
  const voided = await tx
    .updateTable('gifts')
    .set({ state: 'void', updated_at: now })
    .where('id', '=', gift.id)
    .where('state', 'in', ['awaiting_payment', 'ready'])
    .executeTakeFirst();
  if (Number(voided.numUpdatedRows) === 1) {
    await recordAudit(
      tx,
      {
        actorId,
        action: 'gift.voided',
        subjectType: 'order',
        subjectId: order.id,
        data: { giftId: gift.id, refundId },
      },
      now,
    );
    return true;
  }
  const redeemed = await findGiftByOrder(tx, order.id);
  if (redeemed?.state === 'redeemed' && redeemed.redeemed_by)
    await outbox.add(tx, GIFT_REFUNDED_TOPIC, {
      giftId: gift.id,
      communityId: order.community_id,
      userId: redeemed.redeemed_by,
      refundId,
      actorId,
      reason,
    });
  return true;
}
