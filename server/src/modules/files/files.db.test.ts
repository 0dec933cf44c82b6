import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attach,
  ELF,
  grantRole,
  insertCourse,
  insertLesson,
  insertMembership,
  mp4,
  multipart,
  noise,
  PDF,
  PNG,
  peExecutable,
  registerUser,
  SHELL_SCRIPT,
  setupOperator,
  type TestCourse,
  type TestUser,
  upload,
  uploaded,
} from '../../../test/file-fixtures.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { ManualClock } from '../../platform/clock.js';
import { formatMegabytes, SIGNED_URL_TTL_MS } from './files.service.js';

const clock = new ManualClock(Date.UTC(2026, 2, 1, 8, 0, 0));
const LIMITS = { image: 1024, attachment: 4096, video: 8192 };
let dataDir: string;
let t: TestApp;
let operator: TestUser;
let owner: TestUser;
let member: TestUser;
let visitor: TestUser;
let course: TestCourse;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'zhishe-files-test-'));
  t = await createTestApp({ clock, dataDir, fileLimits: LIMITS });
  operator = await setupOperator(t);
  owner = await registerUser(t);
  member = await registerUser(t);
  visitor = await registerUser(t);
  course = await insertCourse(t.db, owner.id, clock.now());
  await insertMembership(t.db, course.communityId, member.id, clock.now());
});
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const filesRoot = () => path.join(dataDir, 'files');
/** Every file in the store, temp files included. */
function storedFiles(dir = filesRoot()): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? storedFiles(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}
const countRows = async () =>
  Number(
    (
      await t.db
        .selectFrom('files')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const get = (url: string, cookie?: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers: { ...headers, ...(cookie ? { cookie } : {}) } });

const ownerUpload = (kind: string, name: string, content: Buffer) =>
  uploaded(t, { kind, communityId: course.communityId, cookie: owner.cookie, file: { name, content } });

describe('POST /api/files: who may upload', () => {
  it('refuses visitors who are not signed in (401) and stores nothing', async () => {
    const before = await countRows();
    const res = await upload(t, { kind: 'image', file: { name: 'a.png', content: PNG } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('unauthenticated');
    expect(await countRows()).toBe(before);
  });

  it('lets only the community team upload into it (403 for members and strangers)', async () => {
    for (const who of [member, visitor]) {
      const res = await upload(t, {
        kind: 'attachment',
        communityId: course.communityId,
        cookie: who.cookie,
        file: { name: 'notes.pdf', content: PDF },
      });
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
    const contributor = await registerUser(t);
    await grantRole(t.db, course.communityId, contributor.id, 'contributor', clock.now());
    await uploaded(t, {
      kind: 'attachment',
      communityId: course.communityId,
      cookie: contributor.cookie,
      file: { name: 'notes.pdf', content: PDF },
    });
  });

  it('answers 404 for a community that does not exist', async () => {
    const res = await upload(t, {
      kind: 'image',
      communityId: '01900000-0000-7000-8000-000000000000',
      cookie: owner.cookie,
      file: { name: 'a.png', content: PNG },
    });
    expect(res.statusCode).toBe(404);
  });

  it('allows only images outside a community', async () => {
    const avatar = await upload(t, {
      kind: 'image',
      cookie: visitor.cookie,
      file: { name: 'me.png', content: PNG },
    });
    expect(avatar.statusCode, avatar.body).toBe(201);
    const video = await upload(t, {
      kind: 'video',
      cookie: owner.cookie,
      file: { name: 'v.mp4', content: mp4() },
    });
    expect(video.statusCode).toBe(400);
    expect(video.json().errors).toEqual([expect.objectContaining({ path: 'communityId', code: 'required' })]);
  });
});

describe('POST /api/files: the form', () => {
  it('names the wrong field (400)', async () => {
    const wrongKind = await upload(t, {
      kind: 'song',
      cookie: owner.cookie,
      file: { name: 'a.png', content: PNG },
    });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().errors).toEqual([expect.objectContaining({ path: 'kind' })]);

    const noFile = await upload(t, { kind: 'image', cookie: owner.cookie });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().errors).toEqual([expect.objectContaining({ path: 'file', code: 'required' })]);

    // Fields after the file are not seen: kind must come first.
    const late = multipart([{ name: 'a.png', content: PNG }, ['kind', 'image']]);
    const lateRes = await t.app.inject({
      method: 'POST',
      url: '/api/files',
      payload: late.payload,
      headers: { ...late.headers, cookie: owner.cookie },
    });
    expect(lateRes.statusCode).toBe(400);
    expect(lateRes.json().errors).toEqual([expect.objectContaining({ path: 'kind', code: 'required' })]);

    const extra = multipart([['kind', 'image'], ['owner', 'me'], { name: 'a.png', content: PNG }]);
    const extraRes = await t.app.inject({
      method: 'POST',
      url: '/api/files',
      payload: extra.payload,
      headers: { ...extra.headers, cookie: owner.cookie },
    });
    expect(extraRes.statusCode).toBe(400);
    expect(extraRes.json().errors).toEqual([expect.objectContaining({ path: 'owner' })]);
  });

  it('refuses a body that is not multipart (415)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/files',
      payload: { kind: 'image' },
      headers: { cookie: owner.cookie },
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('unsupported_media_type');
  });
});

describe('POST /api/files: size limits', () => {
  it('answers 413 over the kind’s limit, naming it, and writes nothing', async () => {
    const rows = await countRows();
    const blobs = storedFiles();
    for (const [kind, content] of [
      ['image', Buffer.concat([PNG, Buffer.alloc(2000)])],
      ['attachment', Buffer.concat([PDF, Buffer.alloc(5000, 0x20)])],
      ['video', mp4(9000)],
    ] as const) {
      const res = await upload(t, {
        kind,
        communityId: course.communityId,
        cookie: owner.cookie,
        file: { name: `big.${kind}`, content },
      });
      expect(res.statusCode, res.body).toBe(413);
      expect(res.json().code).toBe('file_too_large');
      expect(res.json().limitBytes).toBe(LIMITS[kind]);
      expect(res.json().detail).toBe(
        `The ${kind} is larger than the limit of ${formatMegabytes(LIMITS[kind])} MB.`,
      );
    }
    expect(await countRows()).toBe(rows);
    expect(storedFiles()).toEqual(blobs);
    expect(readdirSync(path.join(filesRoot(), '.tmp'))).toEqual([]);
  });

  it('accepts a file of exactly the limit', async () => {
    const content = Buffer.concat([PDF, Buffer.alloc(LIMITS.attachment - PDF.length, 0x20)]);
    const id = await ownerUpload('attachment', 'exact.pdf', content);
    expect((await get(`/api/files/${id}`, owner.cookie)).rawPayload.length).toBe(LIMITS.attachment);
  });
});

describe('POST /api/files: type from the bytes', () => {
  it.each([
    ['an ELF binary renamed .mp4', 'video', 'lesson.mp4', ELF, 'video/mp4'],
    ['a PE binary renamed .mp4', 'video', 'lesson.mp4', peExecutable(), 'video/mp4'],
    ['a PE binary as an attachment', 'attachment', 'setup.pdf', peExecutable(), 'application/pdf'],
    ['a shell script as an attachment', 'attachment', 'notes.txt', SHELL_SCRIPT, 'text/plain'],
    ['a PDF as an image', 'image', 'photo.png', PDF, 'image/png'],
    ['a PNG as a video', 'video', 'clip.mp4', PNG, 'video/mp4'],
    ['unknown binary bytes', 'attachment', 'data.bin', noise(), 'application/octet-stream'],
  ])(
    'refuses %s (415), whatever name and content type it claims',
    async (_what, kind, name, content, claimed) => {
      const rows = await countRows();
      const blobs = storedFiles();
      const res = await upload(t, {
        kind,
        communityId: course.communityId,
        cookie: owner.cookie,
        file: { name, content, contentType: claimed },
      });
      expect(res.statusCode, res.body).toBe(415);
      expect(res.json().code).toBe('unsupported_file_type');
      expect(await countRows()).toBe(rows);
      expect(storedFiles()).toEqual(blobs);
    },
  );

  it('refuses an empty file (400)', async () => {
    const res = await upload(t, {
      kind: 'attachment',
      communityId: course.communityId,
      cookie: owner.cookie,
      file: { name: 'empty.txt', content: Buffer.alloc(0) },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('empty_file');
  });

  it.each([
    ['image', 'avatar.png', PNG, 'image/png', 'avatar.png'],
    ['video', '第一课.mp4', mp4(), 'video/mp4', '第一课.mp4'],
    ['attachment', '讲义.pdf', PDF, 'application/pdf', '讲义.pdf'],
    ['attachment', 'cover.png', PNG, 'image/png', 'cover.png'],
    ['attachment', '笔记.md', Buffer.from('# 标题\n\n正文 text\n'), 'text/markdown', '笔记.md'],
    ['attachment', 'scores.csv', Buffer.from('name,score\n小明,90\n'), 'text/csv', 'scores.csv'],
    // The stored name gets the extension of what the bytes are.
    ['attachment', 'run.sh', Buffer.from('echo hello\n'), 'text/plain', 'run.sh.txt'],
    ['attachment', 'invoice.exe', PDF, 'application/pdf', 'invoice.exe.pdf'],
  ])('accepts a %s %s as %s', async (kind, name, content, mime, storedName) => {
    const res = await upload(t, {
      kind,
      communityId: course.communityId,
      cookie: owner.cookie,
      file: { name, content, contentType: 'application/x-whatever' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toEqual({
      id: expect.any(String),
      kind,
      mime,
      size: content.length,
      name: storedName,
      url: `/api/files/${body.id}`,
    });
    const row = await t.db
      .selectFrom('files')
      .selectAll()
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      sha256: sha(content),
      uploader_id: owner.id,
      community_id: course.communityId,
    });
    const download = await get(body.url, owner.cookie);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(content)).toBe(true);
  });

  it('stores the same bytes once, as two files', async () => {
    const content = Buffer.concat([PDF, Buffer.from('% twice\n')]);
    const a = await ownerUpload('attachment', 'a.pdf', content);
    const b = await ownerUpload('attachment', 'b.pdf', content);
    expect(a).not.toBe(b);
    const hash = sha(content);
    expect(storedFiles().filter((f) => path.basename(f) === hash)).toEqual([
      path.join(filesRoot(), hash.slice(0, 2), hash.slice(2, 4), hash),
    ]);
    const rows = await t.db.selectFrom('files').select('id').where('sha256', '=', hash).execute();
    expect(rows.map((r) => r.id).sort()).toEqual([a, b].sort());
  });
});

describe('GET /api/files/:id: bytes', () => {
  const content = Buffer.from(`${'0123456789'.repeat(5)}\n`);
  let id: string;
  let etag: string;

  beforeAll(async () => {
    id = await ownerUpload('attachment', '课程 讲义 v2.txt', content);
    etag = `"${sha(content)}"`;
  });

  it('sends the whole file with its headers', async () => {
    const res = await get(`/api/files/${id}`, owner.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(content)).toBe(true);
    expect(res.headers).toMatchObject({
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(content.length),
      'accept-ranges': 'bytes',
      etag,
      'cache-control': 'private, no-cache',
      'x-content-type-options': 'nosniff',
      'content-disposition': `attachment; filename="__ __ v2.txt"; filename*=UTF-8''${encodeURIComponent('课程 讲义 v2.txt')}`,
    });
  });

  it('serves ranges: first bytes, a suffix, open-ended', async () => {
    const first = await get(`/api/files/${id}`, owner.cookie, { range: 'bytes=0-9' });
    expect(first.statusCode).toBe(206);
    expect(first.body).toBe('0123456789');
    expect(first.headers['content-range']).toBe(`bytes 0-9/${content.length}`);
    expect(first.headers['content-length']).toBe('10');

    const suffix = await get(`/api/files/${id}`, owner.cookie, { range: 'bytes=-5' });
    expect(suffix.statusCode).toBe(206);
    expect(suffix.rawPayload.equals(content.subarray(content.length - 5))).toBe(true);
    expect(suffix.headers['content-range']).toBe(
      `bytes ${content.length - 5}-${content.length - 1}/${content.length}`,
    );

    const open = await get(`/api/files/${id}`, owner.cookie, { range: 'bytes=45-' });
    expect(open.statusCode).toBe(206);
    expect(open.rawPayload.equals(content.subarray(45))).toBe(true);

    const clipped = await get(`/api/files/${id}`, owner.cookie, { range: 'bytes=48-1000' });
    expect(clipped.statusCode).toBe(206);
    expect(clipped.headers['content-range']).toBe(`bytes 48-50/${content.length}`);
  });

  it('answers 416 for a range outside the file, and ignores ranges it cannot use', async () => {
    const res = await get(`/api/files/${id}`, owner.cookie, { range: `bytes=${content.length}-` });
    expect(res.statusCode).toBe(416);
    expect(res.headers['content-range']).toBe(`bytes */${content.length}`);
    expect(res.json()).toMatchObject({ code: 'range_not_satisfiable', title: 'Range Not Satisfiable' });
    expect(res.headers['content-disposition']).toBeUndefined();

    for (const range of ['bytes=5-2', 'items=0-1', 'bytes=0-1,4-5']) {
      const full = await get(`/api/files/${id}`, owner.cookie, { range });
      expect(full.statusCode, range).toBe(200);
      expect(full.rawPayload.length).toBe(content.length);
    }
    const stale = await get(`/api/files/${id}`, owner.cookie, { range: 'bytes=0-1', 'if-range': '"old"' });
    expect(stale.statusCode).toBe(200);
    const current = await get(`/api/files/${id}`, owner.cookie, { range: 'bytes=0-1', 'if-range': etag });
    expect(current.statusCode).toBe(206);
  });

  it('answers 304 when the client has this version', async () => {
    const res = await get(`/api/files/${id}`, owner.cookie, { 'if-none-match': `"other", W/${etag}` });
    expect(res.statusCode).toBe(304);
    expect(res.body).toBe('');
    expect(res.headers.etag).toBe(etag);
    expect((await get(`/api/files/${id}`, owner.cookie, { 'if-none-match': '"other"' })).statusCode).toBe(
      200,
    );
  });

  it('shows images and videos inline', async () => {
    const image = await ownerUpload('image', '封面.png', PNG);
    const res = await get(`/api/files/${image}`, owner.cookie);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toBe(
      `inline; filename="__.png"; filename*=UTF-8''${encodeURIComponent('封面.png')}`,
    );
  });
});

describe('GET /api/files/:id: access', () => {
  let paidVideo: string;
  let previewVideo: string;
  let draftAttachment: string;

  beforeAll(async () => {
    paidVideo = await ownerUpload('video', 'paid.mp4', mp4(100));
    previewVideo = await ownerUpload('video', 'preview.mp4', mp4(101));
    draftAttachment = await ownerUpload('attachment', 'draft.pdf', Buffer.concat([PDF, Buffer.from('%d\n')]));
    await insertLesson(t.db, course, owner.id, clock.now(), { video_file_id: paidVideo });
    await insertLesson(t.db, course, owner.id, clock.now(), { video_file_id: previewVideo, free_preview: 1 });
    const draft = await insertLesson(t.db, course, owner.id, clock.now(), { status: 'draft' });
    await attach(t.db, draft, draftAttachment, 'draft.pdf');
  });

  it('keeps a paid lesson’s video from visitors (403 join_required) and opens it to members', async () => {
    for (const cookie of [visitor.cookie, undefined]) {
      const res = await get(`/api/files/${paidVideo}`, cookie);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'join_required', communityId: course.communityId });
    }
    const res = await get(`/api/files/${paidVideo}`, member.cookie, { range: 'bytes=0-7' });
    expect(res.statusCode).toBe(206);
    expect(res.rawPayload.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(res.headers['content-type']).toBe('video/mp4');
    expect(res.headers['cache-control']).toBe('private, no-cache');
    expect((await get(`/api/files/${paidVideo}`, owner.cookie)).statusCode).toBe(200);
    expect((await get(`/api/files/${paidVideo}`, operator.cookie)).statusCode).toBe(200);
  });

  it('opens a free-preview lesson’s video to anyone', async () => {
    expect((await get(`/api/files/${previewVideo}`, visitor.cookie)).statusCode).toBe(200);
    expect((await get(`/api/files/${previewVideo}`)).statusCode).toBe(200);
  });

  it('hides a draft lesson’s attachment (404) from members, not from the owner', async () => {
    const res = await get(`/api/files/${draftAttachment}`, member.cookie);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
    expect((await get(`/api/files/${draftAttachment}`, owner.cookie)).statusCode).toBe(200);
  });

  it('opens a file shared by a paid and a free lesson when either allows', async () => {
    const shared = await ownerUpload('attachment', 'shared.pdf', Buffer.concat([PDF, Buffer.from('%s\n')]));
    const paid = await insertLesson(t.db, course, owner.id, clock.now());
    await attach(t.db, paid, shared, 'shared.pdf');
    expect((await get(`/api/files/${shared}`, visitor.cookie)).statusCode).toBe(403);
    const free = await insertLesson(t.db, course, owner.id, clock.now(), { free_preview: 1 });
    await attach(t.db, free, shared, 'shared.pdf');
    expect((await get(`/api/files/${shared}`, visitor.cookie)).statusCode).toBe(200);
  });

  it('serves covers and avatars to everyone, cacheably', async () => {
    const cover = await ownerUpload('image', 'cover.png', Buffer.concat([PNG, Buffer.from('c')]));
    expect((await get(`/api/files/${cover}`)).statusCode).toBe(404);
    await t.db
      .updateTable('communities')
      .set({ cover_file_id: cover })
      .where('id', '=', course.communityId)
      .execute();
    const res = await get(`/api/files/${cover}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');

    const courseCover = await ownerUpload('image', 'course.png', Buffer.concat([PNG, Buffer.from('k')]));
    await t.db
      .updateTable('courses')
      .set({ cover_file_id: courseCover })
      .where('id', '=', course.courseId)
      .execute();
    expect((await get(`/api/files/${courseCover}`, visitor.cookie)).statusCode).toBe(200);
  });

  it('keeps an unused file to its uploader, its community’s staff and operators', async () => {
    const draft = await ownerUpload('attachment', 'unused.pdf', Buffer.concat([PDF, Buffer.from('%u\n')]));
    expect((await get(`/api/files/${draft}`, owner.cookie)).statusCode).toBe(200);
    expect((await get(`/api/files/${draft}`, operator.cookie)).statusCode).toBe(200);
    expect((await get(`/api/files/${draft}`, member.cookie)).statusCode).toBe(404);
    expect((await get(`/api/files/${draft}`, visitor.cookie)).statusCode).toBe(404);
    expect((await get(`/api/files/${draft}`)).statusCode).toBe(404);
    const moderator = await registerUser(t);
    await grantRole(t.db, course.communityId, moderator.id, 'moderator', clock.now());
    expect((await get(`/api/files/${draft}`, moderator.cookie)).statusCode).toBe(200);

    const avatar = await uploaded(t, {
      kind: 'image',
      cookie: visitor.cookie,
      file: { name: 'me.png', content: Buffer.concat([PNG, Buffer.from('v')]) },
    });
    expect((await get(`/api/files/${avatar}`, visitor.cookie)).statusCode).toBe(200);
    expect((await get(`/api/files/${avatar}`, member.cookie)).statusCode).toBe(404);
  });

  it('answers 404 for an unknown file', async () => {
    const res = await get('/api/files/01900000-0000-7000-8000-000000000000', owner.cookie);
    expect(res.statusCode).toBe(404);
  });
});

describe('signed URLs', () => {
  let video: string;

  beforeAll(async () => {
    video = await ownerUpload('video', 'signed.mp4', mp4(120));
    await insertLesson(t.db, course, owner.id, clock.now(), { video_file_id: video });
  });

  it('are given only after the access check', async () => {
    const res = await get(`/api/files/${video}/url`, visitor.cookie);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('join_required');
    expect((await get(`/api/files/${video}/url`)).statusCode).toBe(403);
  });

  it('open the file without a session for five minutes, ranges included', async () => {
    const signed = await get(`/api/files/${video}/url`, member.cookie);
    expect(signed.statusCode, signed.body).toBe(200);
    const { url, expiresAt } = signed.json();
    expect(expiresAt).toBe(clock.now() + SIGNED_URL_TTL_MS);
    expect(url).toMatch(new RegExp(`^/api/files/${video}\\?exp=${expiresAt}&sig=[0-9a-f]{64}$`));

    const res = await get(url);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(mp4(120))).toBe(true);
    expect((await get(url, undefined, { range: 'bytes=0-3' })).statusCode).toBe(206);

    clock.advance(SIGNED_URL_TTL_MS - 1);
    expect((await get(url)).statusCode).toBe(200);
    clock.advance(1);
    const expired = await get(url);
    expect(expired.statusCode).toBe(403);
    expect(expired.json().code).toBe('signature_expired');
  });

  it('refuse a tampered signature, expiry or file (403)', async () => {
    const { url, expiresAt } = (await get(`/api/files/${video}/url`, member.cookie)).json();
    const sig = new URL(url, 'http://x').searchParams.get('sig') ?? '';
    const flipped = `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`;
    const other = await ownerUpload('attachment', 'other.pdf', Buffer.concat([PDF, Buffer.from('%o\n')]));
    for (const bad of [
      `/api/files/${video}?exp=${expiresAt}&sig=${flipped}`,
      `/api/files/${video}?exp=${expiresAt + 60_000}&sig=${sig}`,
      `/api/files/${other}?exp=${expiresAt}&sig=${sig}`,
      `/api/files/${video}?exp=${expiresAt}&sig=short`,
      `/api/files/${video}?sig=${sig}`,
    ]) {
      const res = await get(bad);
      expect(res.statusCode, bad).toBe(403);
      expect(res.json().code, bad).toBe('invalid_signature');
    }
  });
});

describe('HEAD /api/files/:id', () => {
  it('answers with the headers and no body', async () => {
    const content = Buffer.concat([PDF, Buffer.from('%head\n')]);
    const id = await ownerUpload('attachment', 'head.pdf', content);
    const res = await t.app.inject({
      method: 'HEAD',
      url: `/api/files/${id}`,
      headers: { cookie: owner.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBe(String(content.length));
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.body).toBe('');
    const denied = await t.app.inject({
      method: 'HEAD',
      url: `/api/files/${id}`,
      headers: { cookie: member.cookie },
    });
    expect(denied.statusCode).toBe(404);
  });
});
