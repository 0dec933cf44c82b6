import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { MAIL_TOPIC, type QueuedMail } from '../../platform/mail.js';
import type { Outbox } from '../../platform/outbox.js';
import { DAY_MS } from './membership-terms.js';
import { membershipEndingMail } from './memberships.mail.js';
import * as q from './memberships.queries.js';

export const REMINDER_LEAD_MS = 7 * DAY_MS;

/**
 * E-mails each member whose membership ends within a week, once per term (`reminded_at`,
 * cleared when the end moves). A page of members per transaction; the mail goes via the outbox.
 */
export async function sendEndingReminders(
  deps: { db: Kysely<DB>; clock: Clock; outbox: Outbox; publicUrl: string },
  pageSize = 200,
  maxPages = 50,
): Promise<number> {
  let sent = 0;
  for (let page = 0; page < maxPages; page++) {
    const now = deps.clock.now();
    const due = await q.listDueReminders(deps.db, now, now + REMINDER_LEAD_MS, pageSize);
    if (due.length === 0) break;
    sent += await deps.db.transaction().execute(async (tx) => {
      let claimed = 0;
      for (const m of due) {
        if (m.ends_at === null || !(await q.markReminded(tx, m.id, now))) continue;
        const link = `${deps.publicUrl}/c/${encodeURIComponent(m.community_slug)}`;
        const mail: QueuedMail = {
          id: newId(),
          ...membershipEndingMail(
            { email: m.email, name: m.display_name, locale: m.locale },
            m.community_name,
            m.ends_at,
            link,
          ),
        };
        await deps.outbox.add(tx, MAIL_TOPIC, mail);
        claimed++;
      }
      return claimed;
    });
    if (due.length < pageSize) break;
  }
  if (sent > 0) deps.outbox.wake();
  return sent;
}
