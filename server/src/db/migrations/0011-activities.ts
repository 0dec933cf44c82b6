import type { Kysely } from 'kysely';

/**
 * Activities of a community: polls (one ballot per member, counted from its vote rows), check-in
 * challenges (打卡: one check-in per member and period, a per-member tally kept in the same
 * transaction for streaks and the leaderboard) and assignments (作业: one submission per member,
 * resubmitted until reviewed).
 *
 * `polls.post_id` names the discussion post a poll is attached to (posts come from
 * 0008-discussions); a poll without a post is as valid as one with.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types
export async function up(db: Kysely<any>): Promise<void> {
  // ── polls ──────────────────────────────────────────────────────────────────
  await db.schema
    .createTable('polls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('post_id', 'text', (c) => c.references('posts.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('question', 'text', (c) => c.notNull())
    /** 1: a voter may choose several options (up to max_choices). */
    .addColumn('multiple', 'integer', (c) => c.notNull())
    .addColumn('max_choices', 'integer', (c) => c.notNull())
    /** 1: results never say who voted for what. */
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    /** after_vote | after_close */
    .addColumn('results_visibility', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('polls_community').on('polls').columns(['community_id', 'id']).execute();
  await db.schema.createIndex('polls_post').on('polls').columns(['post_id']).execute();

  await db.schema
    .createTable('poll_options')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('poll_id', 'text', (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('poll_options_poll')
    .on('poll_options')
    .columns(['poll_id', 'position'])
    .execute();

  /** A member's ballot: the unique key is what makes concurrent votes by one member one vote. */
  await db.schema
    .createTable('poll_ballots')
    .addColumn('poll_id', 'text', (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('poll_ballots_pk', ['poll_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('poll_votes')
    .addColumn('poll_id', 'text', (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('option_id', 'text', (c) => c.notNull().references('poll_options.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('poll_votes_pk', ['poll_id', 'user_id', 'option_id'])
    .execute();
  await db.schema
    .createIndex('poll_votes_option')
    .on('poll_votes')
    .columns(['poll_id', 'option_id', 'created_at'])
    .execute();

  // ── check-in challenges ────────────────────────────────────────────────────
  await db.schema
    .createTable('challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('description_html', 'text', (c) => c.notNull())
    /** Calendar dates in the community's time zone, YYYY-MM-DD, both included. */
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    /** daily | weekly */
    .addColumn('cadence', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('challenges_community')
    .on('challenges')
    .columns(['community_id', 'id'])
    .execute();

  await db.schema
    .createTable('checkins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('challenge_id', 'text', (c) => c.notNull().references('challenges.id').onDelete('cascade'))
    .addColumn('community_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    /** The day (daily) or the Monday of the week (weekly) the check-in counts for. */
    .addColumn('period_key', 'text', (c) => c.notNull())
    /** The community-local calendar day it was made on. */
    .addColumn('local_date', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    /** JSON array of file ids. */
    .addColumn('file_ids', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('checkins_once_per_period', ['challenge_id', 'user_id', 'period_key'])
    .execute();
  await db.schema.createIndex('checkins_challenge').on('checkins').columns(['challenge_id', 'id']).execute();
  await db.schema
    .createIndex('checkins_calendar')
    .on('checkins')
    .columns(['community_id', 'user_id', 'local_date'])
    .execute();

  /** Per member and challenge, written with each check-in: streaks and the leaderboard without a scan. */
  await db.schema
    .createTable('challenge_participants')
    .addColumn('challenge_id', 'text', (c) => c.notNull().references('challenges.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('checkin_count', 'integer', (c) => c.notNull())
    .addColumn('current_streak', 'integer', (c) => c.notNull())
    .addColumn('longest_streak', 'integer', (c) => c.notNull())
    .addColumn('last_period_key', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('challenge_participants_pk', ['challenge_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('challenge_participants_board')
    .on('challenge_participants')
    // The board's order (most check-ins first, then user id), so a page is an index range.
    .columns(['challenge_id', 'checkin_count desc', 'user_id'])
    .execute();

  // ── assignments ────────────────────────────────────────────────────────────
  await db.schema
    .createTable('assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('description_html', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('assignments_community')
    .on('assignments')
    .columns(['community_id', 'id'])
    .execute();

  await db.schema
    .createTable('assignment_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assignment_id', 'text', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
    .addColumn('community_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    /** JSON array of file ids. */
    .addColumn('file_ids', 'text', (c) => c.notNull())
    /** submitted | reviewed */
    .addColumn('state', 'text', (c) => c.notNull())
    /** 1 when the latest version came in after the due time. */
    .addColumn('late', 'integer', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('submitted_at', 'bigint', (c) => c.notNull())
    .addColumn('score', 'integer')
    .addColumn('feedback', 'text')
    .addColumn('reviewed_by', 'text', (c) => c.references('users.id'))
    .addColumn('reviewed_at', 'bigint')
    .addColumn('featured', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('assignment_submissions_one_per_member', ['assignment_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('assignment_submissions_list')
    .on('assignment_submissions')
    .columns(['assignment_id', 'id'])
    .execute();
  await db.schema
    .createIndex('assignment_submissions_featured')
    .on('assignment_submissions')
    .columns(['assignment_id', 'featured', 'id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'assignment_submissions',
    'assignments',
    'challenge_participants',
    'checkins',
    'challenges',
    'poll_votes',
    'poll_ballots',
    'poll_options',
    'polls',
  ])
    await db.schema.dropTable(table).ifExists().execute();
}
