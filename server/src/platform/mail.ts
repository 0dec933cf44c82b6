import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DB } from '../db/schema.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers (e.g. List-Unsubscribe), passed to SMTP as they are. */
  headers?: Record<string, string>;
}

export interface Mailer {
  /** `id` makes sending idempotent: a message already recorded under it is not sent again. */
  send(id: string, message: MailMessage): Promise<void>;
}

/**
 * With SMTP configured, messages go to the SMTP server and only their envelope is recorded.
 * Without it, the whole message is recorded in `mail_messages` and the log, where the operator
 * can read it, so a fresh install works without a mail server.
 */
export class RecordingMailer implements Mailer {
  private readonly transport: Transporter | null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: { smtpUrl: string | null; from: string },
  ) {
    this.transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  }

  async send(id: string, message: MailMessage): Promise<void> {
    const already = await this.db
      .selectFrom('mail_messages')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    if (already) return;
    if (this.transport) {
      await this.transport.sendMail({ from: this.options.from, ...message });
    } else {
      this.log.info(
        { mailId: id, to: message.to, subject: message.subject },
        'mail recorded (no SMTP_URL set)',
      );
    }
    await this.db
      .insertInto('mail_messages')
      .values({
        id,
        to_address: message.to,
        subject: message.subject,
        text_body: this.transport ? '' : message.text,
        html_body: this.transport ? null : (message.html ?? null),
        transport: this.transport ? 'smtp' : 'log',
        created_at: this.clock.now(),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}

/** The outbox topic that delivers mail; the outbox message id is the mail id. */
export const MAIL_TOPIC = 'mail.send';

export interface QueuedMail extends MailMessage {
  id: string;
}
