/** Kysely only: every function takes an executor (the database or a transaction); no auth, no HTTP. */
import type { Insertable, Kysely } from 'kysely';
import type {
  ActivityFileKind,
  AssignmentSubmissionsTable,
  AssignmentsTable,
  ChallengesTable,
  CheckinsTable,
  DB,
  PollsTable,
} from '../../db/schema.js';

export type Executor = Kysely<DB>;

// ── shared ───────────────────────────────────────────────────────────────────

export function findCommunityTimezone(db: Executor, communityId: string) {
  return db
    .selectFrom('communities')
    .select(['id', 'timezone'])
    .where('id', '=', communityId)
    .executeTakeFirst();
}

export async function displayNames(db: Executor, userIds: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** The files among `fileIds` that `userId` uploaded, to this community or to none. */
export async function findOwnFileIds(
  db: Executor,
  fileIds: readonly string[],
  userId: string,
  communityId: string,
): Promise<Set<string>> {
  if (fileIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('files')
    .select('id')
    .where('id', 'in', [...fileIds])
    .where('uploader_id', '=', userId)
    .where((eb) => eb.or([eb('community_id', 'is', null), eb('community_id', '=', communityId)]))
    .execute();
  return new Set(rows.map((r) => r.id));
}

// ── polls ────────────────────────────────────────────────────────────────────

export async function insertPoll(
  db: Executor,
  poll: PollsTable,
  options: { id: string; label: string; position: number }[],
): Promise<void> {
  await db.insertInto('polls').values(poll).execute();
  await db
    .insertInto('poll_options')
    .values(options.map((o) => ({ ...o, poll_id: poll.id })))
    .execute();
}

export function findPoll(db: Executor, pollId: string) {
  return db.selectFrom('polls').selectAll().where('id', '=', pollId).executeTakeFirst();
}

/**
 * A community's polls the viewer may see: standalone ones, and those of posts they may read
 * (published, or their own, or any for moderators: `decidePost`'s rule in SQL).
 */
export function listPolls(
  db: Executor,
  communityId: string,
  filter: {
    postId?: string;
    before: string | null;
    limit: number;
    viewer: { userId: string | null; moderator: boolean };
  },
) {
  let query = db.selectFrom('polls').selectAll().where('community_id', '=', communityId);
  if (filter.postId !== undefined) query = query.where('post_id', '=', filter.postId);
  if (!filter.viewer.moderator)
    query = query.where((eb) =>
      eb.or([
        eb('post_id', 'is', null),
        eb.exists(
          eb
            .selectFrom('posts as p')
            .select('p.id')
            .whereRef('p.id', '=', 'polls.post_id')
            .where((pb) =>
              pb.or([
                pb('p.state', '=', 'published'),
                pb.and([pb('p.state', '!=', 'deleted'), pb('p.author_id', '=', filter.viewer.userId ?? '')]),
              ]),
            ),
        ),
      ]),
    );
  if (filter.before) query = query.where('id', '<', filter.before);
  return query.orderBy('id', 'desc').limit(filter.limit).execute();
}

export function listOptions(db: Executor, pollIds: readonly string[]) {
  if (pollIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('poll_options')
    .select(['id', 'poll_id', 'label', 'position'])
    .where('poll_id', 'in', [...pollIds])
    .orderBy('poll_id')
    .orderBy('position')
    .execute();
}

export function listMyVotes(db: Executor, pollIds: readonly string[], userId: string | null) {
  if (pollIds.length === 0 || userId === null) return Promise.resolve([]);
  return db
    .selectFrom('poll_votes')
    .select(['poll_id', 'option_id'])
    .where('poll_id', 'in', [...pollIds])
    .where('user_id', '=', userId)
    .execute();
}

/** Votes per option of the given polls, from the (poll_id, option_id) index. */
export function countVotes(db: Executor, pollIds: readonly string[]) {
  if (pollIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('poll_votes')
    .select((eb) => ['poll_id', 'option_id', eb.fn.countAll<number | string>().as('n')])
    .where('poll_id', 'in', [...pollIds])
    .groupBy(['poll_id', 'option_id'])
    .execute();
}

export function countVoters(db: Executor, pollIds: readonly string[]) {
  if (pollIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('poll_ballots')
    .select((eb) => ['poll_id', eb.fn.countAll<number | string>().as('n')])
    .where('poll_id', 'in', [...pollIds])
    .groupBy('poll_id')
    .execute();
}

/** The latest voters of one option (named polls only). */
export function listOptionVoters(db: Executor, pollId: string, optionId: string, limit: number) {
  return db
    .selectFrom('poll_votes as v')
    .innerJoin('users as u', 'u.id', 'v.user_id')
    .select(['u.id', 'u.display_name'])
    .where('v.poll_id', '=', pollId)
    .where('v.option_id', '=', optionId)
    .orderBy('v.created_at', 'desc')
    .orderBy('u.id')
    .limit(limit)
    .execute();
}

/**
 * The member's ballot becomes `optionIds`. The ballot row's key serialises concurrent votes by one
 * member: a second transaction waits on it (PostgreSQL) or behind the one writer (SQLite), then
 * replaces what the first wrote, so one vote is left whatever the interleaving.
 */
export async function replaceBallot(
  db: Executor,
  pollId: string,
  userId: string,
  optionIds: readonly string[],
  now: number,
): Promise<void> {
  await db
    .insertInto('poll_ballots')
    .values({ poll_id: pollId, user_id: userId, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['poll_id', 'user_id']).doUpdateSet({ updated_at: now }))
    .execute();
  await db.deleteFrom('poll_votes').where('poll_id', '=', pollId).where('user_id', '=', userId).execute();
  await db
    .insertInto('poll_votes')
    .values(
      optionIds.map((optionId) => ({
        poll_id: pollId,
        option_id: optionId,
        user_id: userId,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['poll_id', 'user_id', 'option_id']).doNothing())
    .execute();
}

export async function deleteBallot(db: Executor, pollId: string, userId: string): Promise<void> {
  await db.deleteFrom('poll_votes').where('poll_id', '=', pollId).where('user_id', '=', userId).execute();
  await db.deleteFrom('poll_ballots').where('poll_id', '=', pollId).where('user_id', '=', userId).execute();
}

export function closePoll(db: Executor, pollId: string, now: number) {
  return db
    .updateTable('polls')
    .set({ closed_at: now, updated_at: now })
    .where('id', '=', pollId)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
}

// ── files used by check-ins and submissions ──────────────────────────────────

/** Makes `fileIds` the files of the item (written in the item's own transaction). */
export async function replaceActivityFiles(
  db: Executor,
  kind: ActivityFileKind,
  itemId: string,
  fileIds: readonly string[],
): Promise<void> {
  await db.deleteFrom('activity_files').where('kind', '=', kind).where('item_id', '=', itemId).execute();
  const unique = [...new Set(fileIds)];
  if (unique.length > 0)
    await db
      .insertInto('activity_files')
      .values(unique.map((file_id) => ({ kind, item_id: itemId, file_id })))
      .execute();
}

/** The communities of check-ins that use a file (by the file_id index), for reading it. */
export async function listCheckinCommunitiesUsingFile(db: Executor, fileId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('activity_files as af')
    .innerJoin('checkins as k', 'k.id', 'af.item_id')
    .select('k.community_id')
    .distinct()
    .where('af.file_id', '=', fileId)
    .where('af.kind', '=', 'checkin')
    .limit(20)
    .execute();
  return rows.map((r) => r.community_id);
}

/** The submissions that use a file, with the facts that decide who may read them. */
export function listSubmissionsUsingFile(db: Executor, fileId: string) {
  return db
    .selectFrom('activity_files as af')
    .innerJoin('assignment_submissions as s', 's.id', 'af.item_id')
    .select(['s.id', 's.community_id', 's.user_id', 's.featured'])
    .where('af.file_id', '=', fileId)
    .where('af.kind', '=', 'submission')
    .limit(20)
    .execute();
}

// ── challenges ───────────────────────────────────────────────────────────────

export async function insertChallenge(db: Executor, row: ChallengesTable): Promise<void> {
  await db.insertInto('challenges').values(row).execute();
}

export function findChallenge(db: Executor, id: string) {
  return db
    .selectFrom('challenges as ch')
    .innerJoin('communities as c', 'c.id', 'ch.community_id')
    .selectAll('ch')
    .select('c.timezone')
    .where('ch.id', '=', id)
    .executeTakeFirst();
}

export function listChallenges(db: Executor, communityId: string, before: string | null, limit: number) {
  let query = db.selectFrom('challenges').selectAll().where('community_id', '=', communityId);
  if (before) query = query.where('id', '<', before);
  return query.orderBy('id', 'desc').limit(limit).execute();
}

export function countParticipants(db: Executor, challengeIds: readonly string[]) {
  if (challengeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('challenge_participants')
    .select((eb) => ['challenge_id', eb.fn.countAll<number | string>().as('n')])
    .where('challenge_id', 'in', [...challengeIds])
    .groupBy('challenge_id')
    .execute();
}

export function findParticipants(db: Executor, challengeIds: readonly string[], userId: string) {
  if (challengeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('challenge_participants')
    .selectAll()
    .where('challenge_id', 'in', [...challengeIds])
    .where('user_id', '=', userId)
    .execute();
}

/** Inserts the check-in unless the period has one; the returned row is whichever is stored. */
export async function insertCheckinOnce(
  db: Executor,
  row: CheckinsTable,
): Promise<{ checkin: CheckinsTable; created: boolean }> {
  const inserted = await db
    .insertInto('checkins')
    .values(row)
    .onConflict((oc) => oc.columns(['challenge_id', 'user_id', 'period_key']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { checkin: row, created: true };
  const existing = await db
    .selectFrom('checkins')
    .selectAll()
    .where('challenge_id', '=', row.challenge_id)
    .where('user_id', '=', row.user_id)
    .where('period_key', '=', row.period_key)
    .executeTakeFirstOrThrow();
  return { checkin: existing, created: false };
}

export async function saveParticipant(
  db: Executor,
  row: Insertable<DB['challenge_participants']>,
): Promise<void> {
  await db
    .insertInto('challenge_participants')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['challenge_id', 'user_id']).doUpdateSet({
        checkin_count: row.checkin_count,
        current_streak: row.current_streak,
        longest_streak: row.longest_streak,
        last_period_key: row.last_period_key,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export function listCheckins(db: Executor, challengeId: string, before: string | null, limit: number) {
  let query = db
    .selectFrom('checkins as k')
    .innerJoin('users as u', 'u.id', 'k.user_id')
    .selectAll('k')
    .select('u.display_name')
    .where('k.challenge_id', '=', challengeId);
  if (before) query = query.where('k.id', '<', before);
  return query.orderBy('k.id', 'desc').limit(limit).execute();
}

/** Most check-ins first, then by user id; `after` is the last entry of the previous page. */
export function listLeaderboard(
  db: Executor,
  challengeId: string,
  after: { count: number; userId: string } | null,
  limit: number,
) {
  let query = db
    .selectFrom('challenge_participants as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select([
      'p.user_id',
      'u.display_name',
      'p.checkin_count',
      'p.current_streak',
      'p.longest_streak',
      'p.last_period_key',
    ])
    .where('p.challenge_id', '=', challengeId);
  if (after)
    query = query.where((eb) =>
      eb.or([
        eb('p.checkin_count', '<', after.count),
        eb.and([eb('p.checkin_count', '=', after.count), eb('p.user_id', '>', after.userId)]),
      ]),
    );
  return query.orderBy('p.checkin_count', 'desc').orderBy('p.user_id').limit(limit).execute();
}

/** Participants with more (`>`) or at least as many (`>=`) check-ins: ranks without an offset. */
export async function countParticipantsWith(
  db: Executor,
  challengeId: string,
  op: '>' | '>=',
  count: number,
): Promise<number> {
  const row = await db
    .selectFrom('challenge_participants')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('challenge_id', '=', challengeId)
    .where('checkin_count', op, count)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function calendarDays(
  db: Executor,
  filter: { communityId: string; userId: string; challengeId?: string; from: string; to: string },
) {
  let query = db
    .selectFrom('checkins')
    .select((eb) => ['local_date', eb.fn.countAll<number | string>().as('n')])
    .where('community_id', '=', filter.communityId)
    .where('user_id', '=', filter.userId)
    .where('local_date', '>=', filter.from)
    .where('local_date', '<=', filter.to);
  if (filter.challengeId !== undefined) query = query.where('challenge_id', '=', filter.challengeId);
  return query.groupBy('local_date').orderBy('local_date').execute();
}

export function isCommunityUser(db: Executor, communityId: string, userId: string) {
  return db
    .selectFrom('users as u')
    .select('u.id')
    .where('u.id', '=', userId)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('memberships as m')
            .select('m.id')
            .whereRef('m.user_id', '=', 'u.id')
            .where('m.community_id', '=', communityId),
        ),
        eb.exists(
          eb
            .selectFrom('community_roles as r')
            .select('r.user_id')
            .whereRef('r.user_id', '=', 'u.id')
            .where('r.community_id', '=', communityId),
        ),
      ]),
    )
    .executeTakeFirst();
}

// ── assignments ──────────────────────────────────────────────────────────────

export async function insertAssignment(db: Executor, row: AssignmentsTable): Promise<void> {
  await db.insertInto('assignments').values(row).execute();
}

export function findAssignment(db: Executor, id: string) {
  return db.selectFrom('assignments').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listAssignments(db: Executor, communityId: string, before: string | null, limit: number) {
  let query = db.selectFrom('assignments').selectAll().where('community_id', '=', communityId);
  if (before) query = query.where('id', '<', before);
  return query.orderBy('id', 'desc').limit(limit).execute();
}

const submissionColumns = [
  's.id',
  's.assignment_id',
  's.community_id',
  's.user_id',
  's.body',
  's.body_html',
  's.file_ids',
  's.state',
  's.late',
  's.revision',
  's.submitted_at',
  's.score',
  's.feedback',
  's.reviewed_by',
  's.reviewed_at',
  's.featured',
  's.created_at',
  's.updated_at',
  'u.display_name',
] as const;

export function findSubmission(db: Executor, id: string) {
  return db
    .selectFrom('assignment_submissions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(submissionColumns)
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export function findSubmissionsOf(db: Executor, assignmentIds: readonly string[], userId: string) {
  if (assignmentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('assignment_submissions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(submissionColumns)
    .where('s.assignment_id', 'in', [...assignmentIds])
    .where('s.user_id', '=', userId)
    .execute();
}

export function listSubmissions(
  db: Executor,
  assignmentId: string,
  filter: { featuredOnly: boolean; before: string | null; limit: number },
) {
  let query = db
    .selectFrom('assignment_submissions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(submissionColumns)
    .where('s.assignment_id', '=', assignmentId);
  if (filter.featuredOnly) query = query.where('s.featured', '=', 1);
  if (filter.before) query = query.where('s.id', '<', filter.before);
  return query.orderBy('s.id', 'desc').limit(filter.limit).execute();
}

/**
 * First submission or a resubmission while not yet reviewed, as one statement: the unique key
 * keeps one row per member, and a reviewed row is left alone (`numUpdated` 0 tells the caller).
 */
export async function upsertSubmission(db: Executor, row: AssignmentSubmissionsTable): Promise<boolean> {
  const result = await db
    .insertInto('assignment_submissions')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['assignment_id', 'user_id'])
        .doUpdateSet((eb) => ({
          body: row.body,
          body_html: row.body_html,
          file_ids: row.file_ids,
          late: row.late,
          submitted_at: row.submitted_at,
          updated_at: row.updated_at,
          revision: eb('assignment_submissions.revision', '+', 1),
        }))
        .where('assignment_submissions.state', '=', 'submitted'),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export function reviewSubmission(
  db: Executor,
  id: string,
  review: { score: number; feedback: string; reviewedBy: string; now: number },
) {
  return db
    .updateTable('assignment_submissions')
    .set({
      state: 'reviewed',
      score: review.score,
      feedback: review.feedback,
      reviewed_by: review.reviewedBy,
      reviewed_at: review.now,
      updated_at: review.now,
    })
    .where('id', '=', id)
    .executeTakeFirst();
}

export function setFeatured(db: Executor, id: string, featured: boolean, now: number) {
  return db
    .updateTable('assignment_submissions')
    .set({ featured: featured ? 1 : 0, updated_at: now })
    .where('id', '=', id)
    .executeTakeFirst();
}
