import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/test-app.js';
import type { DatabaseHandle } from '../db/database.js';
import { ManualClock } from './clock.js';
import { newId } from './ids.js';
import { createLogger } from './logger.js';
import { MAIL_TOPIC, type QueuedMail, RecordingMailer } from './mail.js';
import { Outbox } from './outbox.js';

const clock = new ManualClock(Date.UTC(2026, 3, 1, 12, 0, 0));
const log = createLogger('silent');
let database: DatabaseHandle;
let mailer: RecordingMailer;

const recorded = (id: string) =>
  database.db.selectFrom('mail_messages').selectAll().where('id', '=', id).execute();

beforeAll(async () => {
  database = await createTestDatabase();
  mailer = new RecordingMailer(database.db, clock, log, { smtpUrl: null, from: 'Zhishe <no-reply@x.test>' });
});
afterAll(async () => {
  await database.close();
});

describe('RecordingMailer without SMTP', () => {
  it('records the whole message, body included', async () => {
    const id = newId();
    await mailer.send(id, {
      to: 'ming@example.com',
      subject: '验证你的邮箱 Verify your e-mail',
      text: 'Open https://x.test/verify-email?token=abc',
      html: '<p>Open <a href="https://x.test/verify-email?token=abc">the link</a></p>',
    });

    expect(await recorded(id)).toEqual([
      {
        id,
        to_address: 'ming@example.com',
        subject: '验证你的邮箱 Verify your e-mail',
        text_body: 'Open https://x.test/verify-email?token=abc',
        html_body: '<p>Open <a href="https://x.test/verify-email?token=abc">the link</a></p>',
        transport: 'log',
        created_at: clock.now(),
      },
    ]);
  });

  it('records a text-only message with no HTML body', async () => {
    const id = newId();
    await mailer.send(id, { to: 'a@example.com', subject: 'Plain', text: 'Just text' });
    const [row] = await recorded(id);
    expect(row).toMatchObject({ text_body: 'Just text', html_body: null });
  });

  it('records a message sent twice under the same id once, as first sent', async () => {
    const id = newId();
    await mailer.send(id, { to: 'b@example.com', subject: 'First', text: 'first body' });
    clock.advance(60_000);
    await mailer.send(id, { to: 'b@example.com', subject: 'Second', text: 'second body' });

    const rows = await recorded(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ subject: 'First', text_body: 'first body' });
  });

  it('records each message once when the same id is sent twice at the same time', async () => {
    const id = newId();
    const message = { to: 'c@example.com', subject: 'Race', text: 'body' };
    await Promise.all([mailer.send(id, message), mailer.send(id, message)]);
    expect(await recorded(id)).toHaveLength(1);
  });

  it('records a mail once when the outbox delivers it twice (a lease ran out mid-send)', async () => {
    const outbox = new Outbox(database.db, database.dialect, clock, log);
    outbox.register(MAIL_TOPIC, (mail: QueuedMail) => mailer.send(mail.id, mail));
    const mail: QueuedMail = { id: newId(), to: 'd@example.com', subject: 'Reset', text: 'link' };
    const outboxId = await database.db.transaction().execute((tx) => outbox.add(tx, MAIL_TOPIC, mail));
    // Delivered once, then (as after a crash before the outbox row was marked done) again.
    await mailer.send(mail.id, mail);
    expect(await outbox.drain()).toBe(1);

    expect(await recorded(mail.id)).toHaveLength(1);
    const row = await database.db
      .selectFrom('outbox')
      .select('status')
      .where('id', '=', outboxId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('done');
  });
});

describe('RecordingMailer with an unreachable SMTP server', () => {
  it('fails and records nothing, so the outbox tries again', async () => {
    const smtp = new RecordingMailer(database.db, clock, log, {
      // Port 1 on the loopback refuses the connection at once.
      smtpUrl: 'smtp://127.0.0.1:1',
      from: 'Zhishe <no-reply@x.test>',
    });
    const id = newId();
    await expect(smtp.send(id, { to: 'e@example.com', subject: 'S', text: 'T' })).rejects.toThrow();
    expect(await recorded(id)).toEqual([]);
  });
});
