import type { Kysely } from 'kysely';

/**
 * In-app notifications (one row per recipient, kind and source occurrence: delivery is at least
 * once, the unique key makes it idempotent), each user's preferences per kind, per-community
 * mutes of "new content", and the e-mail digests already sent (one per user, cadence and period).
 * A notification holds references, never the item's text: titles are read when listed.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    /** post, course, lesson or event: what the notification links to. */
    .addColumn('item_type', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('comment_id', 'text')
    /** Small JSON facts that are not content: the reaction, the review decision. */
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    /** 0 when the recipient turned this kind off in the app but still wants it in a digest. */
    .addColumn('in_app', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .addColumn('emailed_at', 'bigint')
    .addUniqueConstraint('notifications_once', ['recipient_id', 'kind', 'source_id'])
    .execute();
  // The list (keyset on id, newest first) and the unread count.
  await db.schema
    .createIndex('notifications_recipient')
    .on('notifications')
    .columns(['recipient_id', 'in_app', 'id'])
    .execute();
  await db.schema
    .createIndex('notifications_unread')
    .on('notifications')
    .columns(['recipient_id', 'read_at'])
    .execute();
  // The digest job: not yet e-mailed, by age.
  await db.schema
    .createIndex('notifications_digest')
    .on('notifications')
    .columns(['emailed_at', 'created_at'])
    .execute();

  await db.schema
    .createTable('notification_preferences')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('in_app', 'integer', (c) => c.notNull())
    /** off, daily or weekly. */
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_preferences_pk', ['user_id', 'kind'])
    .execute();

  await db.schema
    .createTable('community_notification_mutes')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('community_notification_mutes_pk', ['user_id', 'community_id'])
    .execute();

  await db.schema
    .createTable('notification_digests')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** daily or weekly. */
    .addColumn('cadence', 'text', (c) => c.notNull())
    /** The period's number: days (or weeks) since the epoch, UTC. */
    .addColumn('period', 'integer', (c) => c.notNull())
    .addColumn('notification_count', 'integer', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_digests_pk', ['user_id', 'cadence', 'period'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notification_digests').execute();
  await db.schema.dropTable('community_notification_mutes').execute();
  await db.schema.dropTable('notification_preferences').execute();
  await db.schema.dropTable('notifications').execute();
}
