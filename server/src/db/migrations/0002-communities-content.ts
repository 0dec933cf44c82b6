import type { Kysely } from 'kysely';
import { orderingKeyType } from '../dialect.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types
export async function up(db: Kysely<any>): Promise<void> {
  const orderingKey = orderingKeyType(db);

  await db.schema
    .createTable('files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('uploader_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('community_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('files_sha256').on('files').column('sha256').execute();
  await db.schema.createIndex('files_uploader').on('files').columns(['uploader_id', 'id']).execute();

  await db.schema
    .createTable('communities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('cover_file_id', 'text', (c) => c.references('files.id'))
    .addColumn('avatar_file_id', 'text', (c) => c.references('files.id'))
    .addColumn('category', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('join_policy', 'text', (c) => c.notNull())
    .addColumn('member_cap', 'integer')
    .addColumn('member_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('welcome_message', 'text', (c) => c.notNull())
    .addColumn('rules_text', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('communities_listed').on('communities').columns(['visibility', 'id']).execute();
  await db.schema.createIndex('communities_owner').on('communities').columns(['owner_id', 'id']).execute();
  // File access asks "is this file a public cover or avatar?" by these columns.
  await db.schema.createIndex('communities_cover').on('communities').column('cover_file_id').execute();
  await db.schema.createIndex('communities_avatar').on('communities').column('avatar_file_id').execute();

  await db.schema
    .createTable('community_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('price_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('term_days', 'integer')
    .addColumn('interval', 'text')
    .addColumn('trial_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('position', orderingKey, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('community_plans_community')
    .on('community_plans')
    .columns(['community_id', 'position'])
    .execute();

  await db.schema
    .createTable('community_roles')
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('community_roles_pk', ['community_id', 'user_id'])
    .execute();
  await db.schema.createIndex('community_roles_user').on('community_roles').column('user_id').execute();

  await db.schema
    .createTable('memberships')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('plan_id', 'text', (c) => c.references('community_plans.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint')
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('price_paid_minor', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('currency', 'text')
    .addColumn('ban_reason', 'text')
    .addColumn('reminded_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('memberships_community_user', ['community_id', 'user_id'])
    .execute();
  await db.schema.createIndex('memberships_user').on('memberships').columns(['user_id', 'id']).execute();
  await db.schema
    .createIndex('memberships_community_state')
    .on('memberships')
    .columns(['community_id', 'state', 'id'])
    .execute();
  await db.schema
    .createIndex('memberships_ends_at')
    .on('memberships')
    .columns(['state', 'ends_at'])
    .execute();

  // Every change of a membership, append-only. (source_kind, source_id) makes grants idempotent.
  await db.schema
    .createTable('membership_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('membership_id', 'text', (c) => c.notNull().references('memberships.id').onDelete('cascade'))
    .addColumn('community_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text')
    .addColumn('ends_at', 'bigint')
    .addColumn('source_kind', 'text')
    .addColumn('source_id', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('membership_events_source', ['source_kind', 'source_id'])
    .execute();
  await db.schema
    .createIndex('membership_events_membership')
    .on('membership_events')
    .columns(['membership_id', 'id'])
    .execute();

  // Who may create communities when the operator's policy is `approved`.
  await db.schema
    .createTable('approved_creators')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('approved_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('plan_id', 'text', (c) => c.references('community_plans.id'))
    .addColumn('max_uses', 'integer')
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('invitations_community')
    .on('invitations')
    .columns(['community_id', 'id'])
    .execute();

  await db.schema
    .createTable('courses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('cover_file_id', 'text', (c) => c.references('files.id'))
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('publish_at', 'bigint')
    .addColumn('published_at', 'bigint')
    .addColumn('position', orderingKey, (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('prerequisite_course_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('courses_community')
    .on('courses')
    .columns(['community_id', 'position'])
    .execute();
  await db.schema.createIndex('courses_due').on('courses').columns(['status', 'publish_at']).execute();
  await db.schema.createIndex('courses_cover').on('courses').column('cover_file_id').execute();

  // A course without rows here is included in every plan of its community.
  await db.schema
    .createTable('course_plans')
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('community_plans.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('course_plans_pk', ['course_id', 'plan_id'])
    .execute();

  await db.schema
    .createTable('chapters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('position', orderingKey, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('chapters_course').on('chapters').columns(['course_id', 'position']).execute();

  await db.schema
    .createTable('lessons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull())
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('chapter_id', 'text', (c) => c.notNull().references('chapters.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('video_file_id', 'text', (c) => c.references('files.id'))
    .addColumn('video_url', 'text')
    .addColumn('estimated_minutes', 'integer')
    .addColumn('free_preview', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('publish_at', 'bigint')
    .addColumn('published_at', 'bigint')
    .addColumn('drip_kind', 'text', (c) => c.notNull())
    .addColumn('drip_at', 'bigint')
    .addColumn('drip_days', 'integer')
    .addColumn('prerequisite_lesson_id', 'text')
    .addColumn('position', orderingKey, (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lessons_chapter').on('lessons').columns(['chapter_id', 'position']).execute();
  await db.schema.createIndex('lessons_course').on('lessons').columns(['course_id', 'position']).execute();
  // Covers the outline's and the lesson read's sibling lists (`listCourseLessons`,
  // `listCourseLessonKeys`): a lesson row is ~7 KB, so its columns after body_html sit on
  // overflow pages; this index lets SQLite read a course's lessons, in order, without the table.
  await db.schema
    .createIndex('lessons_outline')
    .on('lessons')
    .columns([
      'course_id',
      'chapter_id',
      'position',
      'id',
      'title',
      'free_preview',
      'estimated_minutes',
      'status',
      'publish_at',
      'author_id',
      'drip_kind',
      'drip_at',
      'drip_days',
      'prerequisite_lesson_id',
    ])
    .execute();
  await db.schema.createIndex('lessons_video').on('lessons').column('video_file_id').execute();
  await db.schema.createIndex('lessons_due').on('lessons').columns(['status', 'publish_at']).execute();

  await db.schema
    .createTable('lesson_attachments')
    .addColumn('lesson_id', 'text', (c) => c.notNull().references('lessons.id').onDelete('cascade'))
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', orderingKey, (c) => c.notNull())
    .addPrimaryKeyConstraint('lesson_attachments_pk', ['lesson_id', 'file_id'])
    .execute();
  await db.schema.createIndex('lesson_attachments_file').on('lesson_attachments').column('file_id').execute();

  await db.schema
    .createTable('lesson_progress')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('lesson_id', 'text', (c) => c.notNull().references('lessons.id').onDelete('cascade'))
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('position_seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('completed_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('lesson_progress_pk', ['user_id', 'lesson_id'])
    .execute();
  await db.schema
    .createIndex('lesson_progress_course')
    .on('lesson_progress')
    .columns(['user_id', 'course_id'])
    .execute();

  // Contributors' submissions and the owner's decisions.
  await db.schema
    .createTable('content_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('item_type', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('content_reviews_queue')
    .on('content_reviews')
    .columns(['community_id', 'state', 'id'])
    .execute();

  // Recurring jobs: a row per job name; a process runs it by moving next_run_at forward atomically.
  await db.schema
    .createTable('recurring_jobs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('next_run_at', 'bigint', (c) => c.notNull())
    .addColumn('last_started_at', 'bigint')
    .addColumn('last_finished_at', 'bigint')
    .addColumn('last_error', 'text')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'recurring_jobs',
    'content_reviews',
    'lesson_progress',
    'lesson_attachments',
    'lessons',
    'chapters',
    'course_plans',
    'courses',
    'invitations',
    'membership_events',
    'memberships',
    'community_roles',
    'community_plans',
    'communities',
    'approved_creators',
    'files',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
