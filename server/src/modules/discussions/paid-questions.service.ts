/**
 * Paid questions to the owner (付费提问). A member pays the owner's price and asks; the owner
 * answers within the community's number of days, or a job refunds the payment in full. The asker
 * chooses whether the community may read the question and its answer once answered.
 *
 * States: unpaid (order made, not paid) → open (paid; due_at set) → answered, or → refunding (the
 * job asked the provider) → refunded. The owner may also refund an order by hand at any time: the
 * question is then refunded too. open → answered and open → refunding are conditional updates, so
 * an answer racing the job is either accepted (no refund) or refused (409, refund under way).
 */
import type { Kysely } from 'kysely';
import type { DB, OrdersTable, PaidQuestionsTable } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError, conflict, forbidden, notFound, tooManyRequests } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import {
  canManageCommunity,
  decideMemberArea,
  hasMemberAccess,
  type Viewer,
} from '../access/access.rules.js';
import { NOTIFY_TOPIC, type NotificationEvent } from '../notifications/notification-events.js';
import type { OrderDto } from '../payments/payments.schemas.js';
import { requireUserId } from './discussions.context.js';
import { plainText } from './discussions.presenter.js';
import { PAID_LIMITS, type PaidDeps, settingsOf } from './paid.context.js';
import { presentQuestion } from './paid.presenter.js';
import * as q from './paid.queries.js';
import {
  type AskInput,
  PaidErrors,
  type PaidQuestionDto,
  type PaidQuestionsQueryInput,
} from './paid.schemas.js';

const DAY_MS = 86_400_000;
/** How many overdue questions one run of the refund job takes on. */
const REFUND_BATCH = 50;
/** A question `refunding` this long was left by a process that stopped mid-refund: taken up again. */
const STALE_REFUNDING_MS = 15 * 60_000;
export const UNANSWERED_REFUND_REASON = 'Paid question not answered in time';

export class PaidQuestionsService {
  constructor(private readonly deps: PaidDeps) {}

  /** A new question and its order; the owner sees it once paid. */
  async ask(
    actor: Actor,
    communityId: string,
    input: AskInput,
    idempotencyKey?: string,
  ): Promise<{ question: PaidQuestionDto; order: OrderDto; created: boolean }> {
    const userId = requireUserId(actor);
    const { db, access, clock } = this.deps;
    const viewer = await access.viewer(actor, communityId);
    await access.enforce(viewer, decideMemberArea(viewer), 'community');
    if (viewer.staffRole === 'owner')
      throw forbidden(PaidErrors.ownCommunity, 'The owner cannot ask their own community a paid question.');
    const settings = await settingsOf(db, communityId);
    if (!settings.questionsEnabled)
      throw conflict(PaidErrors.questionsOff, 'This community does not take paid questions.');
    const body = input.body.trim();
    if (body.length === 0)
      throw new AppError(400, 'validation_failed', 'body must not be empty', [
        { path: 'body', code: 'empty', message: 'must not be empty' },
      ]);
    const { count, resetInMs } = await this.deps.limiter.hit(
      `paid-questions:${userId}`,
      PAID_LIMITS.questions.windowMs,
    );
    if (count > PAID_LIMITS.questions.limit) throw tooManyRequests(resetInMs);

    const questionId = newId();
    const now = clock.now();
    const { order, row, created } = await this.deps.orders.createItemOrder(
      actor,
      {
        communityId,
        kind: 'question',
        itemId: questionId,
        // The start of the question, so order lists say what was bought.
        itemName: plainText(body, 60),
        amountMinor: settings.questionPriceMinor,
        currency: settings.currency,
        provider: input.provider,
        payeeId: null,
        writeItem: (tx, orderRow) =>
          q.insertQuestion(tx, {
            id: questionId,
            community_id: communityId,
            asker_id: userId,
            order_id: orderRow.id,
            body,
            public: input.public ? 1 : 0,
            state: 'unpaid',
            price_minor: settings.questionPriceMinor,
            currency: settings.currency,
            answer_days: settings.questionAnswerDays,
            due_at: null,
            answer_body: null,
            answered_by: null,
            answered_at: null,
            created_at: now,
            updated_at: now,
          }),
      },
      idempotencyKey,
    );
    const question = await q.findQuestion(db, row.item_id);
    if (!question) throw notFound('question');
    return { question: presentQuestion(question, viewer), order, created };
  }

  async get(actor: Actor, questionId: string): Promise<PaidQuestionDto> {
    const { row, viewer } = await this.readable(actor, questionId);
    return presentQuestion(row, viewer);
  }

  /** The owner's answer, while the question is open; the asker is told. */
  async answer(actor: Actor, questionId: string, body: string): Promise<PaidQuestionDto> {
    const userId = requireUserId(actor);
    const { row } = await this.readable(actor, questionId);
    if (row.owner_id !== userId) throw forbidden('forbidden', 'Only the owner answers paid questions.');
    const text = body.trim();
    if (text.length === 0)
      throw new AppError(400, 'validation_failed', 'body must not be empty', [
        { path: 'body', code: 'empty', message: 'must not be empty' },
      ]);
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (tx) => {
      const moved = await q.moveQuestion(tx, questionId, ['open'], {
        state: 'answered',
        answer_body: text,
        answered_by: userId,
        answered_at: now,
        updated_at: now,
      });
      if (!moved)
        throw conflict(
          PaidErrors.questionNotOpen,
          `This question is ${(await q.findQuestion(tx, questionId))?.state ?? row.state}: it cannot be answered.`,
        );
      await recordAudit(
        tx,
        {
          actorId: userId,
          action: 'paid_question.answered',
          subjectType: 'paid_question',
          subjectId: questionId,
          data: { orderId: row.order_id },
          ...(actor.kind === 'user' && actor.ip ? { ip: actor.ip } : {}),
        },
        now,
      );
      await this.notify(tx, row, 'answered', userId, row.asker_id, now);
    });
    this.deps.outbox.wake();
    return this.get(actor, questionId);
  }

  /** The asker shows or hides the question and its answer from the community. */
  async setPublic(actor: Actor, questionId: string, visible: boolean): Promise<PaidQuestionDto> {
    const userId = requireUserId(actor);
    const { row } = await this.readable(actor, questionId);
    if (row.asker_id !== userId) throw forbidden('forbidden', 'Only the asker chooses who may read it.');
    await this.deps.db
      .updateTable('paid_questions')
      .set({ public: visible ? 1 : 0, updated_at: this.deps.clock.now() })
      .where('id', '=', questionId)
      .execute();
    return this.get(actor, questionId);
  }

  /**
   * public: answered questions their askers made public (members); mine: the viewer's own;
   * inbox: every paid question of the community (owner and operators), or only the waiting ones.
   */
  async list(
    actor: Actor,
    communityId: string,
    query: PaidQuestionsQueryInput,
  ): Promise<{ items: PaidQuestionDto[]; nextCursor: string | null }> {
    const { db, access } = this.deps;
    const viewer = await access.viewer(actor, communityId);
    const limit = query.limit ?? 20;
    const after = decodeCursor(query.cursor);
    const scope = query.scope ?? 'public';
    let rows: q.QuestionRow[];
    if (scope === 'mine') {
      const userId = requireUserId(actor);
      rows = await q.listQuestions(
        db,
        { communityId, askerId: userId, states: ['unpaid', 'open', 'refunding', 'answered', 'refunded'] },
        after,
        limit,
      );
    } else if (scope === 'inbox') {
      requireUserId(actor);
      if (!canManageCommunity(viewer)) throw forbidden('forbidden', 'Only the owner reads the inbox.');
      const states =
        query.state === 'open'
          ? (['open', 'refunding'] as const)
          : (['open', 'refunding', 'answered', 'refunded'] as const);
      rows = await q.listQuestions(db, { communityId, states }, after, limit);
    } else {
      await access.enforce(viewer, decideMemberArea(viewer), 'community');
      rows = await q.listQuestions(db, { communityId, states: ['answered'], publicOnly: true }, after, limit);
    }
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map((row) => presentQuestion(row, viewer)),
      nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
    };
  }

  // ── payment and refunds (order item handler) ───────────────────────────

  /** The question's order was paid: it is open, due in the community's number of days; the owner is told. */
  async onPaid(order: OrdersTable): Promise<void> {
    const row = await q.findQuestion(this.deps.db, order.item_id);
    if (!row) return;
    const paidAt = Number(order.paid_at ?? this.deps.clock.now());
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (tx) => {
      // A payment after the order lapsed is still honoured: the question is still `unpaid` then.
      const moved = await q.moveQuestion(tx, row.id, ['unpaid'], {
        state: 'open',
        due_at: paidAt + row.answer_days * DAY_MS,
        updated_at: now,
      });
      if (moved) await this.notify(tx, row, 'asked', row.asker_id, row.owner_id, now);
    });
  }

  /** The whole order was refunded (by the job, or by the owner): so is the question; the asker is told. */
  async onRefunded(order: OrdersTable): Promise<void> {
    const row = await q.findQuestion(this.deps.db, order.item_id);
    if (!row) return;
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (tx) => {
      const moved = await q.moveQuestion(tx, row.id, ['unpaid', 'open', 'refunding', 'answered'], {
        state: 'refunded',
        updated_at: now,
      });
      if (moved) await this.notify(tx, row, 'refunded', row.owner_id, row.asker_id, now);
    });
  }

  /**
   * The job: every open question past its due date is refunded in full. The question moves to
   * `refunding` first (so an answer arriving now is refused, and a second process skips it); a
   * provider that refuses puts it back to `open`, to be tried again on the next run. A question left
   * `refunding` for 15 minutes (its process stopped between claiming and refunding) is taken up again.
   */
  async refundOverdue(): Promise<number> {
    const { db, clock, log } = this.deps;
    const now = clock.now();
    let refunded = 0;
    const candidates = [
      ...(await q.listOverdueQuestions(db, now, REFUND_BATCH)),
      ...(await q.listStaleRefunding(db, now - STALE_REFUNDING_MS, REFUND_BATCH)),
    ];
    for (const due of candidates) {
      if (!(await q.claimForRefund(db, due, now))) continue;
      // A question taken over from a stopped process may be refunded, or waiting for the provider.
      if (await this.settledOrWaiting(due.id, due.order_id)) continue;
      try {
        // The key is per attempt: a failed attempt's refund row must not answer the next one.
        await this.deps.refunds.refundBySystem(
          due.order_id,
          UNANSWERED_REFUND_REASON,
          `paid-question:${due.id}:${now}`,
        );
        refunded++;
      } catch (error) {
        // Refunded by hand meanwhile, or a refund already under way: nothing to give back again.
        if (await this.settledOrWaiting(due.id, due.order_id)) continue;
        log.error(
          { err: error, questionId: due.id, orderId: due.order_id },
          'an unanswered paid question could not be refunded; will retry',
        );
        await q.moveQuestion(db, due.id, ['refunding'], { state: 'open', updated_at: clock.now() });
      }
    }
    return refunded;
  }

  /**
   * True when the order needs no refund from the job: refunded already (the question follows), or
   * a refund waits for the provider's notification (the question stays `refunding` until it comes).
   */
  private async settledOrWaiting(questionId: string, orderId: string): Promise<boolean> {
    const { refunded, pending } = await q.orderRefundState(this.deps.db, orderId);
    if (refunded)
      await q.moveQuestion(this.deps.db, questionId, ['refunding'], {
        state: 'refunded',
        updated_at: this.deps.clock.now(),
      });
    return refunded || pending;
  }

  // ── helpers ──────────────────────────────────────────────────────────

  /**
   * The question when this viewer may read it: the asker and the owner (and operators) always;
   * members when it was answered and its asker made it public. Anyone else gets 404.
   */
  private async readable(actor: Actor, questionId: string): Promise<{ row: q.QuestionRow; viewer: Viewer }> {
    const row = await q.findQuestion(this.deps.db, questionId);
    if (!row) throw notFound('question');
    const viewer = await this.deps.access.viewer(actor, row.community_id);
    const mine = viewer.userId !== null && (viewer.userId === row.asker_id || viewer.userId === row.owner_id);
    const open = row.state === 'answered' && row.public === 1 && hasMemberAccess(viewer);
    if (!mine && !open && !viewer.isOperator) throw notFound('question');
    return { row, viewer };
  }

  private async notify(
    tx: Kysely<DB>,
    row: PaidQuestionsTable,
    action: 'asked' | 'answered' | 'refunded',
    actorId: string,
    recipientId: string,
    now: number,
  ): Promise<void> {
    const event: NotificationEvent = {
      kind: 'paid_question',
      communityId: row.community_id,
      actorId,
      recipientId,
      questionId: row.id,
      action,
      sourceId: `${row.id}:${action}`,
      at: now,
    };
    await this.deps.outbox.add(tx, NOTIFY_TOPIC, event);
  }
}
