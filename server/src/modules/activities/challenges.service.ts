import type { ChallengeCadence, ChallengesTable } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { renderMarkdown } from '../../platform/markdown.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import type { Viewer } from '../access/access.rules.js';
import { NOTIFY_TOPIC } from '../notifications/notification-events.js';
import {
  type ActivitiesDeps,
  assertOwnFiles,
  authorize,
  decodeJsonCursor,
  encodeJsonCursor,
  memberViewer,
  newActivityEvent,
  requireUserId,
  validation,
} from './activities.context.js';
import { can } from './activities.policy.js';
import { challengeFields, presentCheckin } from './activities.presenter.js';
import * as q from './activities.queries.js';
import {
  addDays,
  challengePhase,
  completionRate,
  dayNumber,
  isCalendarDate,
  localDate,
  periodOf,
  standingStreak,
  type Tally,
  tallyAfterCheckin,
} from './activities.rules.js';
import {
  ActivityErrors,
  type ChallengeDto,
  type CheckinInput,
  type CreateChallengeInput,
} from './activities.schemas.js';

/** A challenge may run at most this long; the heat-map shows at most this many days at once. */
const MAX_CHALLENGE_DAYS = 366 * 2;
const MAX_CALENDAR_DAYS = 400;

interface ParticipantRow {
  checkin_count: number;
  current_streak: number;
  longest_streak: number;
  last_period_key: string;
}

const tallyOf = (row: ParticipantRow): Tally => ({
  checkinCount: Number(row.checkin_count),
  currentStreak: Number(row.current_streak),
  longestStreak: Number(row.longest_streak),
  lastPeriod: row.last_period_key,
});

function myStats(
  challenge: { start_date: string; end_date: string; cadence: ChallengeCadence },
  row: ParticipantRow | undefined,
  today: string,
) {
  const tally = row ? tallyOf(row) : null;
  const cadence = challenge.cadence;
  return {
    checkinCount: tally?.checkinCount ?? 0,
    currentStreak: tally ? standingStreak(tally, today, cadence) : 0,
    longestStreak: tally?.longestStreak ?? 0,
    completionRate: completionRate(
      tally?.checkinCount ?? 0,
      { startDate: challenge.start_date, endDate: challenge.end_date, cadence },
      today,
    ),
    checkedInThisPeriod: tally !== null && tally.lastPeriod === periodOf(today, cadence),
  };
}

const isBoardCursor = (v: unknown): v is { c: number; u: string } =>
  typeof v === 'object' &&
  v !== null &&
  Number.isInteger((v as { c?: unknown }).c) &&
  typeof (v as { u?: unknown }).u === 'string';

/** Check-in challenges (打卡): one check-in per member and period, "today" in the community's time zone. */
export class ChallengesService {
  constructor(private readonly deps: ActivitiesDeps) {}

  async create(actor: Actor, communityId: string, input: CreateChallengeInput): Promise<ChallengeDto> {
    const { viewer, userId } = await authorize(
      this.deps,
      actor,
      communityId,
      'challenge:create',
      'Only the owner and moderators create challenges.',
    );
    const errors = [];
    for (const field of ['startDate', 'endDate'] as const)
      if (!isCalendarDate(input[field]))
        errors.push({ path: field, code: 'date', message: 'is not a calendar date' });
    if (errors.length === 0 && input.endDate < input.startDate)
      errors.push({ path: 'endDate', code: 'before_start', message: 'is before startDate' });
    if (errors.length === 0 && dayNumber(input.endDate) - dayNumber(input.startDate) >= MAX_CHALLENGE_DAYS)
      errors.push({
        path: 'endDate',
        code: 'too_long',
        message: `is more than ${MAX_CHALLENGE_DAYS} days after startDate`,
      });
    if (errors.length > 0) throw validation(errors);
    const now = this.deps.clock.now();
    const description = input.description ?? '';
    const row: ChallengesTable = {
      id: newId(),
      community_id: communityId,
      author_id: userId,
      title: input.title.trim(),
      description,
      description_html: renderMarkdown(description),
      start_date: input.startDate,
      end_date: input.endDate,
      cadence: input.cadence ?? 'daily',
      created_at: now,
      updated_at: now,
    };
    await this.deps.db.transaction().execute(async (tx) => {
      await q.insertChallenge(tx, row);
      await recordAudit(
        tx,
        {
          actorId: userId,
          action: 'activities.challenge.create',
          subjectType: 'challenge',
          subjectId: row.id,
          ip: actor.ip,
        },
        now,
      );
      await this.deps.outbox.add(tx, NOTIFY_TOPIC, newActivityEvent('challenge', row, now));
    });
    this.deps.outbox.wake();
    const timezone = (await q.findCommunityTimezone(this.deps.db, communityId))?.timezone ?? 'UTC';
    return (await this.present(viewer, [row], timezone))[0] as ChallengeDto;
  }

  async get(actor: Actor, challengeId: string): Promise<ChallengeDto> {
    const { challenge, timezone, viewer } = await this.load(actor, challengeId);
    return (await this.present(viewer, [challenge], timezone))[0] as ChallengeDto;
  }

  async list(actor: Actor, communityId: string, page: { limit?: number; cursor?: string }) {
    const viewer = await memberViewer(this.deps, actor, communityId);
    const timezone = (await q.findCommunityTimezone(this.deps.db, communityId))?.timezone ?? 'UTC';
    const limit = page.limit ?? 20;
    const rows = await q.listChallenges(this.deps.db, communityId, decodeCursor(page.cursor), limit + 1);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: await this.present(viewer, items, timezone),
      nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
    };
  }

  /**
   * Today's check-in (this week's, for a weekly challenge). A second one in the same period returns
   * the first, unchanged: the unique key settles a double click or a retry, in any order.
   */
  async checkIn(actor: Actor, challengeId: string, input: CheckinInput) {
    const userId = requireUserId(actor);
    const { challenge, timezone, viewer } = await this.load(actor, challengeId);
    if (!can(viewer, 'challenge:checkin')) throw forbidden('forbidden', 'Only members check in.');
    const now = this.deps.clock.now();
    const today = localDate(now, timezone);
    const phase = challengePhase({ startDate: challenge.start_date, endDate: challenge.end_date }, today);
    if (phase !== 'open')
      throw new AppError(
        409,
        ActivityErrors.challengeNotOpen,
        phase === 'upcoming'
          ? `This challenge starts on ${challenge.start_date}.`
          : 'This challenge has ended.',
      );
    const fileIds = input.fileIds ?? [];
    if (input.body.trim() === '' && fileIds.length === 0)
      throw validation([
        { path: 'body', code: 'empty', message: 'is empty: write something or attach an image' },
      ]);
    await assertOwnFiles(this.deps, fileIds, userId, challenge.community_id);

    const period = periodOf(today, challenge.cadence);
    const result = await this.deps.db.transaction().execute(async (tx) => {
      const stored = await q.insertCheckinOnce(tx, {
        id: newId(),
        challenge_id: challengeId,
        community_id: challenge.community_id,
        user_id: userId,
        period_key: period,
        local_date: today,
        body: input.body,
        file_ids: JSON.stringify(fileIds),
        created_at: now,
      });
      const [before] = await q.findParticipants(tx, [challengeId], userId);
      if (stored.created) {
        await q.replaceActivityFiles(tx, 'checkin', stored.checkin.id, fileIds);
        const after = tallyAfterCheckin(before ? tallyOf(before) : null, period, challenge.cadence);
        await q.saveParticipant(tx, {
          challenge_id: challengeId,
          user_id: userId,
          checkin_count: after.checkinCount,
          current_streak: after.currentStreak,
          longest_streak: after.longestStreak,
          last_period_key: after.lastPeriod,
          updated_at: now,
        });
      }
      const [participant] = await q.findParticipants(tx, [challengeId], userId);
      return { ...stored, participant };
    });
    const names = await q.displayNames(this.deps.db, [userId]);
    return {
      checkin: presentCheckin(result.checkin, names.get(userId)),
      created: result.created,
      me: myStats(challenge, result.participant, today),
    };
  }

  async listCheckins(actor: Actor, challengeId: string, page: { limit?: number; cursor?: string }) {
    await this.load(actor, challengeId);
    const limit = page.limit ?? 20;
    const rows = await q.listCheckins(this.deps.db, challengeId, decodeCursor(page.cursor), limit + 1);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map((r) => presentCheckin(r, r.display_name)),
      nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
    };
  }

  /** Most check-ins first (ties by user id), keyset-paged; ranks shared by equal counts. */
  async leaderboard(actor: Actor, challengeId: string, page: { limit?: number; cursor?: string }) {
    const { challenge, timezone } = await this.load(actor, challengeId);
    const limit = page.limit ?? 20;
    const after = decodeJsonCursor(page.cursor, isBoardCursor);
    const rows = await q.listLeaderboard(
      this.deps.db,
      challengeId,
      after ? { count: after.c, userId: after.u } : null,
      limit + 1,
    );
    const items = rows.slice(0, limit);
    const first = items[0];
    const today = localDate(this.deps.clock.now(), timezone);
    let ranks: number[] = [];
    if (first) {
      const top = Number(first.checkin_count);
      const [above, atLeast] = await Promise.all([
        q.countParticipantsWith(this.deps.db, challengeId, '>', top),
        q.countParticipantsWith(this.deps.db, challengeId, '>=', top),
      ]);
      // Everyone with more check-ins than an entry is either above the page or earlier on it.
      ranks = items.map((row) => {
        const count = Number(row.checkin_count);
        if (count === top) return above + 1;
        return (
          atLeast +
          items.filter((r) => Number(r.checkin_count) > count && Number(r.checkin_count) < top).length +
          1
        );
      });
    }
    const last = items.at(-1);
    return {
      items: items.map((row, i) => ({
        rank: ranks[i] ?? 0,
        user: { id: row.user_id, displayName: row.display_name },
        checkinCount: Number(row.checkin_count),
        currentStreak: standingStreak(tallyOf(row), today, challenge.cadence),
        longestStreak: Number(row.longest_streak),
      })),
      nextCursor:
        rows.length > limit && last
          ? encodeJsonCursor({ c: Number(last.checkin_count), u: last.user_id })
          : null,
    };
  }

  /**
   * A member's check-ins per community-local day, for a heat-map: the last 365 days up to today
   * unless `from`/`to` say otherwise; days without a check-in are left out.
   */
  async calendar(
    actor: Actor,
    communityId: string,
    query: { userId?: string; challengeId?: string; from?: string; to?: string },
  ) {
    const viewer = await memberViewer(this.deps, actor, communityId);
    const userId = query.userId ?? viewer.userId;
    if (!userId)
      throw validation([{ path: 'userId', code: 'required', message: 'is required when signed out' }]);
    const timezone = (await q.findCommunityTimezone(this.deps.db, communityId))?.timezone ?? 'UTC';
    const to = query.to ?? localDate(this.deps.clock.now(), timezone);
    const from = query.from ?? addDays(to, -364);
    const errors = [];
    for (const [path, value] of [
      ['from', from],
      ['to', to],
    ] as const)
      if (!isCalendarDate(value)) errors.push({ path, code: 'date', message: 'is not a calendar date' });
    if (errors.length === 0 && from > to)
      errors.push({ path: 'from', code: 'after_to', message: 'is after to' });
    if (errors.length === 0 && dayNumber(to) - dayNumber(from) >= MAX_CALENDAR_DAYS)
      errors.push({ path: 'from', code: 'too_long', message: `spans more than ${MAX_CALENDAR_DAYS} days` });
    if (errors.length > 0) throw validation(errors);
    if (userId !== viewer.userId && !(await q.isCommunityUser(this.deps.db, communityId, userId)))
      throw notFound('member');
    const rows = await q.calendarDays(this.deps.db, {
      communityId,
      userId,
      challengeId: query.challengeId,
      from,
      to,
    });
    return { userId, from, to, days: rows.map((r) => ({ date: r.local_date, count: Number(r.n) })) };
  }

  private async load(actor: Actor, challengeId: string) {
    const found = await q.findChallenge(this.deps.db, challengeId);
    if (!found) throw notFound('challenge');
    const { timezone, ...challenge } = found;
    const viewer = await memberViewer(this.deps, actor, challenge.community_id);
    return { challenge: challenge as ChallengesTable, timezone, viewer };
  }

  private async present(viewer: Viewer, rows: ChallengesTable[], timezone: string): Promise<ChallengeDto[]> {
    const ids = rows.map((r) => r.id);
    const [counts, mine] = await Promise.all([
      q.countParticipants(this.deps.db, ids),
      viewer.userId ? q.findParticipants(this.deps.db, ids, viewer.userId) : Promise.resolve([]),
    ]);
    const countOf = new Map(counts.map((c) => [c.challenge_id, Number(c.n)]));
    const today = localDate(this.deps.clock.now(), timezone);
    return rows.map((row) => {
      const phase = challengePhase({ startDate: row.start_date, endDate: row.end_date }, today);
      const participant = mine.find((p) => p.challenge_id === row.id);
      return {
        ...challengeFields(row),
        timezone,
        today,
        phase,
        participantCount: countOf.get(row.id) ?? 0,
        me: viewer.userId ? myStats(row, participant, today) : null,
        abilities: { checkIn: phase === 'open' && can(viewer, 'challenge:checkin') },
      };
    });
  }
}
