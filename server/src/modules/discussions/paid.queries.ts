/** Queries of paid questions, tips and their settings. */
import type { Kysely } from 'kysely';
import type {
  DB,
  PaidInteractionSettingsTable,
  PaidQuestionState,
  PaidQuestionsTable,
  TipsTable,
} from '../../db/schema.js';

type Db = Kysely<DB>;

export const findSettings = (db: Db, communityId: string) =>
  db
    .selectFrom('paid_interaction_settings')
    .selectAll()
    .where('community_id', '=', communityId)
    .executeTakeFirst();

export async function upsertSettings(db: Db, row: PaidInteractionSettingsTable): Promise<void> {
  const { community_id, ...rest } = row;
  await db
    .insertInto('paid_interaction_settings')
    .values(row)
    .onConflict((oc) => oc.column('community_id').doUpdateSet(rest))
    .execute();
}

/** The currency of the community's first paid plan, the natural default for its questions and tips. */
export const firstPlanCurrency = async (db: Db, communityId: string): Promise<string | undefined> =>
  (
    await db
      .selectFrom('community_plans')
      .select('currency')
      .where('community_id', '=', communityId)
      .where('kind', '!=', 'free')
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst()
  )?.currency;

// ── paid questions ─────────────────────────────────────────────────────

export type QuestionRow = PaidQuestionsTable & {
  asker_name: string;
  answerer_name: string | null;
  owner_id: string;
};

const questions = (db: Db) =>
  db
    .selectFrom('paid_questions as q')
    .innerJoin('users as a', 'a.id', 'q.asker_id')
    .innerJoin('communities as c', 'c.id', 'q.community_id')
    .leftJoin('users as r', 'r.id', 'q.answered_by')
    .selectAll('q')
    .select(['a.display_name as asker_name', 'r.display_name as answerer_name', 'c.owner_id']);

export const findQuestion = (db: Db, id: string): Promise<QuestionRow | undefined> =>
  questions(db).where('q.id', '=', id).executeTakeFirst();

export async function insertQuestion(db: Db, row: PaidQuestionsTable): Promise<void> {
  await db.insertInto('paid_questions').values(row).execute();
}

/** Moves a question from one state to another; false when it was no longer in `from` (someone else moved it). */
export async function moveQuestion(
  db: Db,
  id: string,
  from: readonly PaidQuestionState[],
  set: Partial<PaidQuestionsTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('paid_questions')
    .set(set)
    .where('id', '=', id)
    .where('state', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export const lockQuestion = (db: Db, id: string) =>
  db.selectFrom('paid_questions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

/** A page of questions, newest first (ids are time-ordered). */
export function listQuestions(
  db: Db,
  filter: {
    communityId: string;
    askerId?: string;
    states: readonly PaidQuestionState[];
    publicOnly?: boolean;
  },
  after: string | null,
  limit: number,
): Promise<QuestionRow[]> {
  let query = questions(db)
    .where('q.community_id', '=', filter.communityId)
    .where('q.state', 'in', [...filter.states]);
  if (filter.askerId) query = query.where('q.asker_id', '=', filter.askerId);
  if (filter.publicOnly) query = query.where('q.public', '=', 1);
  if (after) query = query.where('q.id', '<', after);
  return query
    .orderBy('q.id', 'desc')
    .limit(limit + 1)
    .execute();
}

/** Paid questions whose answer is overdue, oldest due first. */
export const listOverdueQuestions = (db: Db, now: number, limit: number) =>
  db
    .selectFrom('paid_questions')
    .select(['id', 'order_id', 'state', 'updated_at'])
    .where('state', '=', 'open')
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(limit)
    .execute();

/** Questions left `refunding` since before `before`: a process stopped between claiming and refunding. */
export const listStaleRefunding = (db: Db, before: number, limit: number) =>
  db
    .selectFrom('paid_questions')
    .select(['id', 'order_id', 'state', 'updated_at'])
    .where('state', '=', 'refunding')
    .where('updated_at', '<=', before)
    .orderBy('updated_at')
    .limit(limit)
    .execute();

export type RefundCandidate = Awaited<ReturnType<typeof listOverdueQuestions>>[number];

/**
 * Takes a question for the refund job: only if nobody changed it since it was listed (its state
 * and `updated_at`), so two processes never refund the same question.
 */
export async function claimForRefund(db: Db, question: RefundCandidate, now: number): Promise<boolean> {
  const result = await db
    .updateTable('paid_questions')
    .set({ state: 'refunding', updated_at: now })
    .where('id', '=', question.id)
    .where('state', '=', question.state)
    .where('updated_at', '=', question.updated_at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Whether the question's order is refunded already, or has a refund waiting for the provider. */
export async function orderRefundState(db: Db, orderId: string) {
  const order = await db.selectFrom('orders').select('state').where('id', '=', orderId).executeTakeFirst();
  const pending = await db
    .selectFrom('refunds')
    .select('id')
    .where('order_id', '=', orderId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return { refunded: order?.state === 'refunded', pending: pending !== undefined };
}

// ── tips ───────────────────────────────────────────────────────────────

export async function insertTip(db: Db, row: TipsTable): Promise<void> {
  await db.insertInto('tips').values(row).execute();
}

export type TipRow = TipsTable & { recipient_name: string };

export const findTip = (db: Db, id: string): Promise<TipRow | undefined> =>
  db
    .selectFrom('tips as t')
    .innerJoin('users as u', 'u.id', 't.recipient_id')
    .selectAll('t')
    .select('u.display_name as recipient_name')
    .where('t.id', '=', id)
    .executeTakeFirst();

export async function moveTip(
  db: Db,
  id: string,
  from: TipsTable['state'],
  set: Partial<TipsTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('tips')
    .set(set)
    .where('id', '=', id)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

const tipsOf = (db: Db, postId: string, commentId: string | null) => {
  const query = db.selectFrom('tips as t').where('t.post_id', '=', postId).where('t.state', '=', 'paid');
  return commentId === null
    ? query.where('t.comment_id', 'is', null)
    : query.where('t.comment_id', '=', commentId);
};

/** Count and sum of the paid tips of a post (or one of its comments), per currency. */
export const tipTotals = (db: Db, postId: string, commentId: string | null) =>
  tipsOf(db, postId, commentId)
    .select([
      't.currency',
      (eb) => eb.fn.countAll<number | string>().as('count'),
      (eb) => eb.fn.sum<number | string>('t.amount_minor').as('total'),
    ])
    .groupBy('t.currency')
    .execute();

/** The latest tippers, each once. */
export const latestTippers = (db: Db, postId: string, commentId: string | null, limit: number) =>
  tipsOf(db, postId, commentId)
    .innerJoin('users as u', 'u.id', 't.tipper_id')
    .select(['u.id', 'u.display_name', (eb) => eb.fn.max('t.id').as('last_id')])
    .groupBy(['u.id', 'u.display_name'])
    .orderBy('last_id', 'desc')
    .limit(limit)
    .execute();
