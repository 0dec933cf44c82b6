import type { Kysely } from 'kysely';

/**
 * Discussions: posts (主题) and questions, threaded comments (answers are a question's top-level
 * comments), reactions, edit history, the files a post uses, tags for the tag filter, and each
 * community's discussion settings. Feeds are index scans: every order has its own index, and the
 * hot order reads a score stored on the post (see docs/discussions.md).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('posts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    /** discussion | question */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    /** JSON array of strings (also one row each in post_tags). */
    .addColumn('tags', 'text', (c) => c.notNull())
    /** published | in_review | hidden | deleted */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('featured', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reaction_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('answer_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accepted_comment_id', 'text')
    .addColumn('hot_score', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('state_reason', 'text')
    .addColumn('edited_at', 'bigint')
    .addColumn('last_activity_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // One index per feed order, each ending in id so the keyset continues within a tie.
  await db.schema.createIndex('posts_latest').on('posts').columns(['community_id', 'state', 'id']).execute();
  await db.schema
    .createIndex('posts_featured')
    .on('posts')
    .columns(['community_id', 'state', 'featured', 'id'])
    .execute();
  await db.schema
    .createIndex('posts_hot')
    .on('posts')
    .columns(['community_id', 'state', 'hot_score', 'id'])
    .execute();
  await db.schema
    .createIndex('posts_unanswered')
    .on('posts')
    .columns(['community_id', 'state', 'kind', 'answer_count', 'id'])
    .execute();
  await db.schema
    .createIndex('posts_author')
    .on('posts')
    .columns(['community_id', 'author_id', 'state', 'id'])
    .execute();
  await db.schema
    .createIndex('posts_pinned')
    .on('posts')
    .columns(['community_id', 'pinned', 'state', 'id'])
    .execute();

  await db.schema
    .createTable('post_tags')
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('community_id', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_tags_pk', ['post_id', 'tag'])
    .execute();
  await db.schema
    .createIndex('post_tags_feed')
    .on('post_tags')
    .columns(['community_id', 'tag', 'post_id'])
    .execute();

  await db.schema
    .createTable('post_revisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('editor_id', 'text', (c) => c.notNull().references('users.id'))
    /** The post as it was before this edit. */
    .addColumn('title', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('post_revisions_post')
    .on('post_revisions')
    .columns(['post_id', 'id'])
    .execute();

  await db.schema
    .createTable('post_files')
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
    /** attachment (listed under the post) | inline (an image in a post's or comment's markdown) */
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_files_pk', ['post_id', 'file_id'])
    .execute();
  await db.schema.createIndex('post_files_file').on('post_files').columns(['file_id']).execute();

  await db.schema
    .createTable('post_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('community_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    /** The comment replied to; null for a top-level comment (an answer, on a question). */
    .addColumn('parent_id', 'text')
    /** The top-level comment of the thread; null for a top-level comment. */
    .addColumn('root_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    /** published | hidden | deleted */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reaction_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('upvote_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('idempotency_key', 'text')
    .addColumn('state_reason', 'text')
    .addColumn('edited_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('post_comments_author_idempotency', ['author_id', 'idempotency_key'])
    .execute();
  await db.schema
    .createIndex('post_comments_thread')
    .on('post_comments')
    .columns(['post_id', 'root_id', 'id'])
    .execute();

  await db.schema
    .createTable('post_reactions')
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_reactions_pk', ['post_id', 'kind', 'user_id'])
    .execute();
  await db.schema
    .createTable('comment_reactions')
    .addColumn('comment_id', 'text', (c) => c.notNull().references('post_comments.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('comment_reactions_pk', ['comment_id', 'kind', 'user_id'])
    .execute();
  await db.schema
    .createIndex('comment_reactions_user')
    .on('comment_reactions')
    .columns(['user_id', 'comment_id'])
    .execute();

  await db.schema
    .createTable('discussion_settings')
    .addColumn('community_id', 'text', (c) => c.primaryKey().references('communities.id').onDelete('cascade'))
    .addColumn('posts_require_review', 'integer', (c) => c.notNull().defaultTo(0))
    /** A member who joined less than `new_member_days` ago posting more links than this goes to review. */
    .addColumn('new_member_link_limit', 'integer', (c) => c.notNull().defaultTo(2))
    .addColumn('new_member_days', 'integer', (c) => c.notNull().defaultTo(7))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: as above
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'discussion_settings',
    'comment_reactions',
    'post_reactions',
    'post_comments',
    'post_files',
    'post_revisions',
    'post_tags',
    'posts',
  ])
    await db.schema.dropTable(table).ifExists().execute();
}
