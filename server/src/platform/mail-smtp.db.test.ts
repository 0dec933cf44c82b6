import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/test-app.js';
import type { DatabaseHandle } from '../db/database.js';
import { ManualClock } from './clock.js';
import { newId } from './ids.js';
import { createLogger } from './logger.js';
import { RecordingMailer } from './mail.js';

interface Received {
  from: string;
  to: string[];
  data: string;
}

const received: Received[] = [];
let smtp: SMTPServer;
let smtpUrl: string;
let database: DatabaseHandle;

beforeAll(async () => {
  // A real SMTP server on loopback: the message goes through nodemailer's SMTP client for real.
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  database = await createTestDatabase();
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await database.close();
});

describe('RecordingMailer with SMTP_URL', () => {
  it('hands the message to the SMTP server and records only its envelope', async () => {
    const mailer = new RecordingMailer(database.db, new ManualClock(), createLogger('silent'), {
      smtpUrl,
      from: 'Zhishe <no-reply@zhishe.test>',
    });
    const id = newId();
    await mailer.send(id, {
      to: 'ming@example.com',
      subject: '重置你的知社密码',
      text: 'token=secret-link-token',
    });

    expect(received).toHaveLength(1);
    expect(received[0]?.from).toBe('no-reply@zhishe.test');
    expect(received[0]?.to).toEqual(['ming@example.com']);
    expect(received[0]?.data).toContain('secret-link-token');

    const rows = await database.db.selectFrom('mail_messages').selectAll().where('id', '=', id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ transport: 'smtp', to_address: 'ming@example.com', text_body: '' });

    // The same id again (an outbox retry) sends nothing more.
    await mailer.send(id, {
      to: 'ming@example.com',
      subject: '重置你的知社密码',
      text: 'token=secret-link-token',
    });
    expect(received).toHaveLength(1);
  });

  it('fails loudly when the SMTP server refuses, so the outbox retries', async () => {
    const mailer = new RecordingMailer(database.db, new ManualClock(), createLogger('silent'), {
      smtpUrl: 'smtp://127.0.0.1:1',
      from: 'Zhishe <no-reply@zhishe.test>',
    });
    const id = newId();
    await expect(mailer.send(id, { to: 'a@example.com', subject: 's', text: 't' })).rejects.toThrow();
    expect(await database.db.selectFrom('mail_messages').select('id').where('id', '=', id).execute()).toEqual(
      [],
    );
  });
});
