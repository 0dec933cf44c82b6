import type { Kysely } from 'kysely';

/**
 * Paid questions to the owner (付费提问) and tips (打赏), both sold through orders:
 * - `orders.payee_id`: the person credited with an order's money (less the fee) when it is not the
 *   community's creator — a tipped member. Null: the creator, as for every earlier order.
 * - `paid_interaction_settings`: per community, the currency, whether members may ask paid
 *   questions, at what price and within how many days the owner answers, and whether tips are on.
 * - `paid_questions` and `tips`: one row per question or tip, created with its order.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orders').addColumn('payee_id', 'text').execute();

  await db.schema
    .createTable('paid_interaction_settings')
    .addColumn('community_id', 'text', (c) => c.primaryKey().references('communities.id').onDelete('cascade'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('questions_enabled', 'integer', (c) => c.notNull())
    .addColumn('question_price_minor', 'bigint', (c) => c.notNull())
    .addColumn('question_answer_days', 'integer', (c) => c.notNull())
    .addColumn('tips_enabled', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('paid_questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('asker_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('order_id', 'text', (c) => c.notNull().unique())
    .addColumn('body', 'text', (c) => c.notNull())
    /** 1: the asker lets the community read the question and its answer once answered. */
    .addColumn('public', 'integer', (c) => c.notNull())
    /** unpaid, open (paid, awaiting the answer), refunding, answered, refunded. */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('price_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('answer_days', 'integer', (c) => c.notNull())
    /** Set when paid: the answer is due by then, or the payment is refunded. */
    .addColumn('due_at', 'bigint')
    .addColumn('answer_body', 'text')
    .addColumn('answered_by', 'text', (c) => c.references('users.id'))
    .addColumn('answered_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('paid_questions_community')
    .on('paid_questions')
    .columns(['community_id', 'state', 'id'])
    .execute();
  await db.schema
    .createIndex('paid_questions_asker')
    .on('paid_questions')
    .columns(['asker_id', 'id'])
    .execute();
  await db.schema
    .createIndex('paid_questions_due')
    .on('paid_questions')
    .columns(['state', 'due_at'])
    .execute();

  await db.schema
    .createTable('tips')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('post_id', 'text', (c) => c.notNull())
    /** The answer or comment tipped; null: the post itself. */
    .addColumn('comment_id', 'text')
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('tipper_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('order_id', 'text', (c) => c.notNull().unique())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    /** unpaid, paid, refunded. */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('paid_at', 'bigint')
    .execute();
  await db.schema.createIndex('tips_post').on('tips').columns(['post_id', 'state', 'id']).execute();
  await db.schema.createIndex('tips_recipient').on('tips').columns(['recipient_id', 'id']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tips').ifExists().execute();
  await db.schema.dropTable('paid_questions').ifExists().execute();
  await db.schema.dropTable('paid_interaction_settings').ifExists().execute();
  await db.schema.alterTable('orders').dropColumn('payee_id').execute();
}
