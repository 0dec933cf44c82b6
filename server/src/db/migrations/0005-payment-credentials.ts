import type { Kysely } from 'kysely';

/**
 * Payment provider keys set by the operator, for the whole site or one community, sealed with a
 * key derived from SECRET (see modules/payments/credentials.crypto.ts); and payouts that carry a
 * note and the Idempotency-Key of the request that recorded them.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('payment_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** `site`, or the community's id: one row per scope and provider. */
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('community_id', 'text', (c) => c.references('communities.id').onDelete('cascade'))
    .addColumn('provider', 'text', (c) => c.notNull())
    /** Which derivation of SECRET sealed the keys, so a future one can be told apart. */
    .addColumn('key_version', 'integer', (c) => c.notNull())
    /** base64 of iv (12 bytes) ‖ GCM tag (16 bytes) ‖ ciphertext of the keys as JSON. */
    .addColumn('sealed', 'text', (c) => c.notNull())
    /** What may be shown: which fields are set and the last characters of non-secret ids (JSON). */
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('payment_credentials_scope_provider', ['scope', 'provider'])
    .execute();
  await db.schema
    .createIndex('payment_credentials_community')
    .on('payment_credentials')
    .columns(['community_id'])
    .execute();

  await db.schema.alterTable('payouts').addColumn('note', 'text').execute();
  await db.schema.alterTable('payouts').addColumn('idempotency_key', 'text').execute();
  await db.schema
    .createIndex('payouts_idempotency')
    .on('payouts')
    .columns(['community_id', 'idempotency_key'])
    .unique()
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('payouts_idempotency').execute();
  await db.schema.alterTable('payouts').dropColumn('idempotency_key').execute();
  await db.schema.alterTable('payouts').dropColumn('note').execute();
  await db.schema.dropTable('payment_credentials').execute();
}
