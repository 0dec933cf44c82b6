/**
 * THE access matrix: every kind of viewer against every kind of community resource, through the
 * real HTTP routes, with the expected status of each cell written out below. Paid content never
 * leaks: a lesson's secret body text must appear nowhere in a response to someone who may not
 * open it (lesson, outline, files, landing, member list alike). Data is made through the API as
 * the owner; only an expired-but-still-'active' membership is written directly, so that time
 * alone decides.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  type CommunityFixture,
  createCommunity,
  createPlan,
  signedInUser,
  type TestUser,
} from '../../../test/community-fixtures.js';
import { mp4, PDF, uploaded } from '../../../test/file-fixtures.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { ManualClock } from '../../platform/clock.js';
import { SIGNED_URL_TTL_MS } from '../files/files.service.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const clock = new ManualClock(Date.UTC(2026, 2, 1, 8, 0, 0));
const START = clock.now();
const SCHEDULED_AT = START + HOUR;
/** The lapsing member's term ends between the scheduled time and the moved clock. */
const LAPSES_AT = START + 90 * MINUTE;
const AFTER = START + 2 * HOUR;

// ── the table ────────────────────────────────────────────────────────────

type ActorName =
  | 'visitor'
  | 'nonMember'
  | 'member'
  | 'expired'
  | 'banned'
  | 'pending'
  | 'contributor'
  | 'moderator'
  | 'owner'
  | 'operator';
/** Not one of the ten: an active member whose term ends while the clock moves. */
type ExtraActor = 'lapsing';
type AnyActor = ActorName | ExtraActor;

type Resource =
  | 'landing'
  | 'outline'
  | 'freeLesson'
  | 'paidLesson'
  | 'paidVideo'
  | 'paidAttachment'
  | 'memberList'
  | 'draftLesson'
  | 'scheduledLesson';

type Expected = '200' | '206' | '404' | '403 join_required';
type Row = Record<Resource, Expected>;

const J = '403 join_required';

/** Sees the published community like a visitor: landing, outline, free preview; nothing paid. */
const OUTSIDER: Row = {
  landing: '200',
  outline: '200',
  freeLesson: '200',
  paidLesson: J,
  paidVideo: J,
  paidAttachment: J,
  memberList: J,
  draftLesson: '404',
  scheduledLesson: '404',
};

/** Before the scheduled lesson's time. */
const MATRIX: Record<ActorName, Row> = {
  visitor: { ...OUTSIDER },
  nonMember: { ...OUTSIDER },
  member: {
    landing: '200',
    outline: '200',
    freeLesson: '200',
    paidLesson: '200',
    paidVideo: '206',
    paidAttachment: '200',
    memberList: '200',
    draftLesson: '404',
    scheduledLesson: '404',
  },
  // ends_at in the past, state still 'active': no job ran, the clock alone decides.
  expired: { ...OUTSIDER },
  banned: { ...OUTSIDER },
  // joined a paid plan, not paid yet
  pending: { ...OUTSIDER },
  // The team reads everything live; a contributor's unpublished view is their own work only,
  // and both the draft and the scheduled lesson are the owner's.
  contributor: {
    landing: '200',
    outline: '200',
    freeLesson: '200',
    paidLesson: '200',
    paidVideo: '206',
    paidAttachment: '200',
    memberList: '200',
    draftLesson: '404',
    scheduledLesson: '404',
  },
  moderator: {
    landing: '200',
    outline: '200',
    freeLesson: '200',
    paidLesson: '200',
    paidVideo: '206',
    paidAttachment: '200',
    memberList: '200',
    draftLesson: '200',
    scheduledLesson: '200',
  },
  owner: {
    landing: '200',
    outline: '200',
    freeLesson: '200',
    paidLesson: '200',
    paidVideo: '206',
    paidAttachment: '200',
    memberList: '200',
    draftLesson: '200',
    scheduledLesson: '200',
  },
  // a site operator with no role or membership in the community
  operator: {
    landing: '200',
    outline: '200',
    freeLesson: '200',
    paidLesson: '200',
    paidVideo: '206',
    paidAttachment: '200',
    memberList: '200',
    draftLesson: '200',
    scheduledLesson: '200',
  },
};

/** The lapsing member before the clock moves: a member like any other. */
const LAPSING_BEFORE: Row = { ...MATRIX.member };

type AfterResource = 'scheduledLesson' | 'paidLesson' | 'paidVideo' | 'draftLesson' | 'memberList';

/** After the clock passed the scheduled time (and the lapsing member's end), no job run. */
const AFTER_MATRIX: Record<AnyActor, Record<AfterResource, Expected>> = {
  visitor: { scheduledLesson: J, paidLesson: J, paidVideo: J, draftLesson: '404', memberList: J },
  nonMember: { scheduledLesson: J, paidLesson: J, paidVideo: J, draftLesson: '404', memberList: J },
  member: {
    scheduledLesson: '200',
    paidLesson: '200',
    paidVideo: '206',
    draftLesson: '404',
    memberList: '200',
  },
  expired: { scheduledLesson: J, paidLesson: J, paidVideo: J, draftLesson: '404', memberList: J },
  banned: { scheduledLesson: J, paidLesson: J, paidVideo: J, draftLesson: '404', memberList: J },
  pending: { scheduledLesson: J, paidLesson: J, paidVideo: J, draftLesson: '404', memberList: J },
  contributor: {
    scheduledLesson: '200',
    paidLesson: '200',
    paidVideo: '206',
    draftLesson: '404',
    memberList: '200',
  },
  moderator: {
    scheduledLesson: '200',
    paidLesson: '200',
    paidVideo: '206',
    draftLesson: '200',
    memberList: '200',
  },
  owner: {
    scheduledLesson: '200',
    paidLesson: '200',
    paidVideo: '206',
    draftLesson: '200',
    memberList: '200',
  },
  operator: {
    scheduledLesson: '200',
    paidLesson: '200',
    paidVideo: '206',
    draftLesson: '200',
    memberList: '200',
  },
  // state still 'active', but its end has passed: now an outsider
  lapsing: { scheduledLesson: J, paidLesson: J, paidVideo: J, draftLesson: '404', memberList: J },
};

const ACTOR_LABEL: Record<AnyActor, string> = {
  visitor: 'visitor',
  nonMember: 'signed-in non-member',
  member: 'active member',
  expired: 'expired member',
  banned: 'banned member',
  pending: 'pending member',
  contributor: 'contributor',
  moderator: 'moderator',
  owner: 'owner',
  operator: 'operator',
  lapsing: 'lapsing member',
};

const RESOURCE_LABEL: Record<Resource, string> = {
  landing: 'community landing',
  outline: 'course outline',
  freeLesson: 'free-preview lesson',
  paidLesson: 'paid lesson',
  paidVideo: 'paid video (Range 0-15)',
  paidAttachment: 'paid attachment',
  memberList: 'member list',
  draftLesson: 'draft lesson',
  scheduledLesson: 'scheduled lesson',
};

interface Cell {
  name: string;
  actor: AnyActor;
  resource: Resource;
  expected: Expected;
  row: Partial<Row>;
}

function cellsOf(table: Partial<Record<AnyActor, Partial<Row>>>, suffix = ''): Cell[] {
  return Object.entries(table).flatMap(([actor, row]) =>
    Object.entries(row ?? {}).map(([resource, expected]) => ({
      name: `${ACTOR_LABEL[actor as AnyActor]} × ${RESOURCE_LABEL[resource as Resource]}${suffix} → ${expected}`,
      actor: actor as AnyActor,
      resource: resource as Resource,
      expected: expected as Expected,
      row: row ?? {},
    })),
  );
}

// ── the world ────────────────────────────────────────────────────────────

/** Text that exists only in each lesson's body; where it shows up, the lesson was served. */
const SECRET = {
  freeLesson: 'free-preview-body-Kd81',
  paidLesson: 'paid-secret-body-Qx7v',
  draftLesson: 'draft-secret-body-Zr42',
  scheduledLesson: 'scheduled-secret-body-Wm55',
} as const;
type LessonResource = keyof typeof SECRET;
/** Titles of the unpublished lessons: those who may not see them must not learn they exist. */
const HIDDEN_TITLE = {
  draftLesson: 'Draft lesson Tq03',
  scheduledLesson: 'Scheduled lesson Hn27',
} as const;

const VIDEO = mp4(256);

let t: TestApp;
let community: CommunityFixture;
let planIds: string[];
const cookies = {} as Record<AnyActor, string | undefined>;
const urls = {} as Record<Resource, string>;
const ids = {} as Record<LessonResource | 'video' | 'attachment' | 'course', string>;

function send(actor: AnyActor, resource: Resource): Promise<LightMyRequestResponse> {
  const cookie = cookies[actor];
  return t.app.inject({
    method: 'GET',
    url: urls[resource],
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(resource === 'paidVideo' ? { range: 'bytes=0-15' } : {}),
    },
  });
}

const statusOf = (res: LightMyRequestResponse): string =>
  res.statusCode === 403 ? `403 ${res.json().code}` : String(res.statusCode);

function expectCreated(res: LightMyRequestResponse, status = 201) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

async function checkCell({ actor, resource, expected, row }: Cell): Promise<void> {
  const res = await send(actor, resource);
  expect(statusOf(res), res.body.slice(0, 500)).toBe(expected);

  if (expected === J) {
    const problem = res.json();
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problem.communityId).toBe(community.id);
    expect((problem.plans as { id: string }[]).map((p) => p.id).sort()).toEqual(planIds);
  }
  if (expected === '404') expect(res.json().code).toBe('not_found');
  if (expected === '206') {
    expect(res.headers['content-range']).toBe(`bytes 0-15/${VIDEO.length}`);
    expect(res.rawPayload.equals(VIDEO.subarray(0, 16))).toBe(true);
  }
  if (expected === '200' && resource === 'paidAttachment') {
    expect(res.rawPayload.equals(PDF)).toBe(true);
    expect(res.headers['content-disposition']).toMatch(/^attachment/);
  }
  if (expected === '200' && resource in SECRET) {
    const lesson = res.json();
    expect(lesson.id).toBe(ids[resource as LessonResource]);
    expect(lesson.bodyHtml).toContain(SECRET[resource as LessonResource]);
  }
  if (expected === '200' && resource === 'outline') {
    // The outline's lock agrees with the lesson route: locked exactly where the lesson is refused.
    const lessons = (
      res.json().chapters as { lessons: { id: string; lock: { locked: boolean; reason?: string } }[] }[]
    ).flatMap((c) => c.lessons);
    const paid = lessons.find((l) => l.id === ids.paidLesson);
    expect(paid?.lock).toEqual(
      row.paidLesson === '200' ? { locked: false } : { locked: true, reason: 'join_required' },
    );
  }

  // Nothing the actor may not open appears in any response to them.
  for (const lesson of Object.keys(SECRET) as LessonResource[]) {
    const allowed = row[lesson];
    if (allowed === undefined || allowed === '200') continue;
    expect(res.body, `${lesson} body leaked`).not.toContain(SECRET[lesson]);
    if (allowed === '404' && lesson !== 'freeLesson' && lesson !== 'paidLesson') {
      expect(res.body, `${lesson} title leaked`).not.toContain(HIDDEN_TITLE[lesson]);
      expect(res.body, `${lesson} id leaked`).not.toContain(ids[lesson]);
    }
  }
  if (row.paidVideo !== undefined && row.paidVideo !== '206' && resource === 'paidVideo')
    expect(res.rawPayload.includes(VIDEO.subarray(0, 16))).toBe(false);
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  const http = api(t);
  const owner = await signedInUser(t, { displayName: 'Owner' });
  const people = {} as Record<Exclude<AnyActor, 'visitor' | 'owner'>, TestUser>;
  for (const name of [
    'nonMember',
    'member',
    'expired',
    'banned',
    'pending',
    'contributor',
    'moderator',
    'lapsing',
  ] as const)
    people[name] = await signedInUser(t, { displayName: ACTOR_LABEL[name] });
  people.operator = await signedInUser(t, { role: 'operator' });

  // the community, its plans and its team, as the owner
  community = await createCommunity(t, owner);
  const year = await createPlan(t, owner, community.id, {
    kind: 'fixed_term',
    name: '365 days',
    priceMinor: 19_900,
    termDays: 365,
  });
  const lifetime = await createPlan(t, owner, community.id, {
    kind: 'lifetime',
    name: 'Lifetime',
    priceMinor: 99_900,
  });
  planIds = [year.id, lifetime.id].sort();
  for (const role of ['contributor', 'moderator'] as const)
    expectCreated(
      await http.put(`/api/communities/${community.id}/roles/${people[role].id}`, { role }, owner.cookie),
      200,
    );

  // members in each state
  const grant = (user: TestUser, body: Record<string, unknown> = {}) =>
    http.post(
      `/api/communities/${community.id}/members/${user.id}/grant`,
      { planId: year.id, ...body },
      owner.cookie,
    );
  expectCreated(await grant(people.member), 200);
  expectCreated(await grant(people.expired), 200);
  expectCreated(await grant(people.banned), 200);
  expectCreated(await grant(people.lapsing, { endsAt: LAPSES_AT }), 200);
  expectCreated(
    await http.post(
      `/api/communities/${community.id}/members/${people.banned.id}/ban`,
      { reason: 'spam' },
      owner.cookie,
    ),
    200,
  );
  const joined = expectCreated(
    await http.post(`/api/communities/${community.id}/join`, { planId: year.id }, people.pending.cookie),
    200,
  );
  expect(joined).toMatchObject({ membership: { state: 'pending' }, next: 'payment' });
  // The API cannot end a term in the past; the row stays 'active' so only the clock decides.
  await t.db
    .updateTable('memberships')
    .set({ ends_at: START - DAY })
    .where('community_id', '=', community.id)
    .where('user_id', '=', people.expired.id)
    .execute();
  const states = await t.db
    .selectFrom('memberships')
    .select(['user_id', 'state'])
    .where('community_id', '=', community.id)
    .execute();
  expect(Object.fromEntries(states.map((s) => [s.user_id, s.state]))).toEqual({
    [people.member.id]: 'active',
    [people.expired.id]: 'active',
    [people.banned.id]: 'banned',
    [people.pending.id]: 'pending',
    [people.lapsing.id]: 'active',
  });

  // a published course with a free, a paid, a draft and a scheduled lesson
  const course = expectCreated(
    await http.post(
      `/api/communities/${community.id}/courses`,
      { title: 'The course', summary: 'Course summary', status: 'published' },
      owner.cookie,
    ),
  );
  ids.course = course.id;
  const chapter = expectCreated(
    await http.post(`/api/courses/${course.id}/chapters`, { title: 'One' }, owner.cookie),
  );
  const lesson = async (key: LessonResource, fields: Record<string, unknown>) => {
    const created = expectCreated(
      await http.post(
        `/api/chapters/${chapter.id}/lessons`,
        { body: `Lesson text: ${SECRET[key]}`, freePreview: false, ...fields },
        owner.cookie,
      ),
    );
    ids[key] = created.id;
    return created;
  };
  await lesson('freeLesson', { title: 'Free preview lesson', freePreview: true, status: 'published' });
  await lesson('paidLesson', { title: 'Paid lesson', status: 'published' });
  const draft = await lesson('draftLesson', { title: HIDDEN_TITLE.draftLesson });
  expect(draft.status).toBe('draft');
  const scheduled = await lesson('scheduledLesson', {
    title: HIDDEN_TITLE.scheduledLesson,
    status: 'scheduled',
    publishAt: SCHEDULED_AT,
  });
  expect(scheduled.status).toBe('scheduled');

  // the paid lesson's video and attachment, uploaded and attached as the owner
  ids.video = await uploaded(t, {
    kind: 'video',
    communityId: community.id,
    file: { name: 'lesson.mp4', content: VIDEO },
    cookie: owner.cookie,
  });
  ids.attachment = await uploaded(t, {
    kind: 'attachment',
    communityId: community.id,
    file: { name: 'notes.pdf', content: PDF },
    cookie: owner.cookie,
  });
  expectCreated(
    await http.patch(`/api/lessons/${ids.paidLesson}`, { videoFileId: ids.video }, owner.cookie),
    200,
  );
  expectCreated(
    await http.post(
      `/api/lessons/${ids.paidLesson}/attachments`,
      { fileId: ids.attachment, name: 'notes.pdf' },
      owner.cookie,
    ),
  );

  Object.assign(urls, {
    landing: `/api/communities/${community.slug}`,
    outline: `/api/courses/${ids.course}`,
    freeLesson: `/api/lessons/${ids.freeLesson}`,
    paidLesson: `/api/lessons/${ids.paidLesson}`,
    paidVideo: `/api/files/${ids.video}`,
    paidAttachment: `/api/files/${ids.attachment}`,
    memberList: `/api/communities/${community.id}/members`,
    draftLesson: `/api/lessons/${ids.draftLesson}`,
    scheduledLesson: `/api/lessons/${ids.scheduledLesson}`,
  } satisfies Record<Resource, string>);
  cookies.visitor = undefined;
  cookies.owner = owner.cookie;
  for (const [name, user] of Object.entries(people)) cookies[name as AnyActor] = user.cookie;
});

afterAll(async () => {
  await t?.close();
});

// ── the cells ────────────────────────────────────────────────────────────

describe('access matrix, before the scheduled time', () => {
  it('the table covers every actor × resource', () => {
    expect(cellsOf(MATRIX)).toHaveLength(10 * 9);
    expect(clock.now()).toBeLessThan(SCHEDULED_AT);
  });

  for (const cell of cellsOf(MATRIX)) it(cell.name, () => checkCell(cell));
  for (const cell of cellsOf({ lapsing: LAPSING_BEFORE }, ' (term not ended)'))
    it(cell.name, () => checkCell(cell));
});

describe('access matrix, after the scheduled time with no job run', () => {
  beforeAll(() => {
    clock.advance(AFTER - clock.now());
  });

  it('nothing flipped the rows: the lesson is still scheduled, the lapsed member still active', async () => {
    expect(clock.now()).toBeGreaterThan(SCHEDULED_AT);
    expect(clock.now()).toBeGreaterThan(LAPSES_AT);
    const lesson = await t.db
      .selectFrom('lessons')
      .select('status')
      .where('id', '=', ids.scheduledLesson)
      .executeTakeFirstOrThrow();
    expect(lesson.status).toBe('scheduled');
    const pending = await t.db
      .selectFrom('outbox')
      .select('status')
      .where('topic', '=', 'content.publish')
      .execute();
    expect(pending.map((p) => p.status)).toEqual(['pending']);
    const lapsing = await t.db
      .selectFrom('memberships')
      .select('state')
      .where('community_id', '=', community.id)
      .where('ends_at', '=', LAPSES_AT)
      .executeTakeFirstOrThrow();
    expect(lapsing.state).toBe('active');
  });

  for (const cell of cellsOf(AFTER_MATRIX, ' (time passed)')) it(cell.name, () => checkCell(cell));
});

describe('signed file URLs', () => {
  const fetchUrl = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });

  it('a member gets a URL that a visitor can use without a session for 5 minutes', async () => {
    const res = await api(t).get(`/api/files/${ids.video}/url`, cookies.member);
    expect(res.statusCode, res.body).toBe(200);
    const { url, expiresAt } = res.json() as { url: string; expiresAt: number };
    expect(expiresAt).toBe(clock.now() + SIGNED_URL_TTL_MS);
    expect(url.startsWith(`/api/files/${ids.video}?`)).toBe(true);

    clock.advance(4 * MINUTE);
    const partial = await fetchUrl(url, { range: 'bytes=0-15' });
    expect(partial.statusCode, partial.body).toBe(206);
    expect(partial.headers['content-range']).toBe(`bytes 0-15/${VIDEO.length}`);
    expect(partial.rawPayload.equals(VIDEO.subarray(0, 16))).toBe(true);
    const whole = await fetchUrl(url);
    expect(whole.statusCode).toBe(200);
    expect(whole.rawPayload.equals(VIDEO)).toBe(true);

    // The signature is for this file only.
    const other = await fetchUrl(url.replace(ids.video, ids.attachment));
    expect(statusOf(other)).toBe('403 invalid_signature');
    expect(other.rawPayload.includes(PDF)).toBe(false);

    clock.advance(SIGNED_URL_TTL_MS - 4 * MINUTE);
    const expired = await fetchUrl(url, { range: 'bytes=0-15' });
    expect(statusOf(expired)).toBe('403 signature_expired');
  });

  for (const actor of ['visitor', 'nonMember', 'expired', 'banned', 'pending', 'lapsing'] as const)
    it(`${ACTOR_LABEL[actor]} cannot get a signed URL for the paid video → 403 join_required`, async () => {
      const res = await api(t).get(`/api/files/${ids.video}/url`, cookies[actor]);
      expect(statusOf(res), res.body).toBe(J);
      expect(res.body).not.toContain('sig=');
    });
});

describe('other doors to the same content', () => {
  it('HEAD and a matching If-None-Match on the paid video are refused like GET', async () => {
    const { sha256 } = await t.db
      .selectFrom('files')
      .select('sha256')
      .where('id', '=', ids.video)
      .executeTakeFirstOrThrow();
    for (const actor of ['visitor', 'expired', 'pending'] as const) {
      const cookie = cookies[actor];
      const head = await t.app.inject({
        method: 'HEAD',
        url: urls.paidVideo,
        headers: { range: 'bytes=0-15', ...(cookie ? { cookie } : {}) },
      });
      expect(head.statusCode, `${actor} HEAD`).toBe(403);
      expect(head.headers['content-range']).toBeUndefined();
      const conditional = await t.app.inject({
        method: 'GET',
        url: urls.paidVideo,
        headers: { 'if-none-match': `"${sha256}"`, ...(cookie ? { cookie } : {}) },
      });
      expect(statusOf(conditional), `${actor} If-None-Match`).toBe(J);
    }
  });

  it('recording progress on the paid lesson is refused to non-members', async () => {
    const http = api(t);
    expect((await http.put(`${urls.paidLesson}/progress`, { completed: true })).statusCode).toBe(401);
    for (const actor of ['nonMember', 'expired', 'banned', 'pending', 'lapsing'] as const) {
      const res = await http.put(`${urls.paidLesson}/progress`, { completed: true }, cookies[actor]);
      expect(statusOf(res), actor).toBe(J);
      expect(res.body).not.toContain(SECRET.paidLesson);
    }
  });

  it("the course list shows visitors no draft's title and no secret body", async () => {
    const res = await api(t).get(`/api/communities/${community.id}/courses`);
    expect(res.statusCode).toBe(200);
    for (const secret of [SECRET.paidLesson, SECRET.draftLesson, HIDDEN_TITLE.draftLesson, ids.draftLesson])
      expect(res.body).not.toContain(secret);
  });
});
