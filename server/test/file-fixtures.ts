/**
 * Fixtures for file tests: tiny real files of each type, hand-built multipart bodies, and a
 * community → course → chapter → lesson written directly (users sign up through the API).
 */
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { CommunityStaffRole, DB, LessonsTable } from '../src/db/schema.js';
import { newId } from '../src/platform/ids.js';
import { STRONG_PASSWORD, sessionCookieOf, type TestApp, uniqueEmail } from './test-app.js';

// --- tiny real files -------------------------------------------------------------------------

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
    '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

function box(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

/** An ISO BMFF file: an `ftyp` box (brand isom) and an `mdat` of `payload` bytes. */
export function mp4(payload = 64): Buffer {
  const ftyp = box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2mp41', 'latin1'));
  return Buffer.concat([ftyp, box('mdat', Buffer.alloc(payload, 0x2a))]);
}

/** The header of a 64-bit little-endian ELF executable. */
export const ELF = Buffer.concat([
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]),
  Buffer.alloc(56, 0),
]);

/** A DOS/PE header ("MZ", e_lfanew → "PE\0\0"). */
export function peExecutable(): Buffer {
  const bytes = Buffer.alloc(256, 0);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
}

export const SHELL_SCRIPT = Buffer.from('#!/bin/sh\necho pwned\n');

/** Bytes no detector knows and that are not text. */
export const noise = (size = 200): Buffer => {
  const bytes = randomBytes(size);
  bytes[0] = 0x00;
  bytes[1] = 0xff;
  return bytes;
};

// --- multipart --------------------------------------------------------------------------------

export interface FilePart {
  field?: string;
  name: string;
  content: Buffer;
  /** What the client claims; the server must not believe it. */
  contentType?: string;
}

/** A multipart/form-data body, parts in the given order (fields, then files, unless told). */
export function multipart(parts: Array<[string, string] | FilePart>): {
  payload: Buffer;
  headers: Record<string, string>;
} {
  const boundary = `----zhishe${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if (Array.isArray(part)) {
      const [name, value] = part;
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    } else {
      chunks.push(
        Buffer.from(
          `Content-Disposition: form-data; name="${part.field ?? 'file'}"; filename="${part.name}"\r\n` +
            `Content-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`,
        ),
        part.content,
        Buffer.from('\r\n'),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export interface UploadOptions {
  kind: string;
  communityId?: string;
  file?: FilePart;
  cookie?: string;
}

export function upload(t: TestApp, options: UploadOptions): Promise<LightMyRequestResponse> {
  const fields: Array<[string, string] | FilePart> = [['kind', options.kind]];
  if (options.communityId) fields.push(['communityId', options.communityId]);
  if (options.file) fields.push(options.file);
  const { payload, headers } = multipart(fields);
  return t.app.inject({
    method: 'POST',
    url: '/api/files',
    payload,
    headers: { ...headers, ...(options.cookie ? { cookie: options.cookie } : {}) },
  });
}

/** Uploads and expects 201; the file's id. */
export async function uploaded(t: TestApp, options: UploadOptions): Promise<string> {
  const res = await upload(t, options);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

// --- people and content -----------------------------------------------------------------------

export interface TestUser {
  id: string;
  cookie: string;
}

async function signUp(t: TestApp, url: string): Promise<TestUser> {
  const email = uniqueEmail('files');
  const res = await t.app.inject({
    method: 'POST',
    url,
    payload: { email, password: STRONG_PASSWORD, displayName: 'File tester' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().user.id, cookie: sessionCookieOf(res) };
}

export const setupOperator = (t: TestApp) => signUp(t, '/api/setup');
export const registerUser = (t: TestApp) => signUp(t, '/api/auth/register');

export interface TestCourse {
  communityId: string;
  courseId: string;
  chapterId: string;
}

/** A paid community owned by `ownerId`, with one published course and chapter. */
export async function insertCourse(db: Kysely<DB>, ownerId: string, now: number): Promise<TestCourse> {
  const communityId = newId();
  await db
    .insertInto('communities')
    .values({
      id: communityId,
      slug: `files-${communityId}`,
      name: '文件测试社群',
      description: '',
      cover_file_id: null,
      avatar_file_id: null,
      category: null,
      tags: '[]',
      timezone: 'Asia/Shanghai',
      language: 'zh-CN',
      visibility: 'listed',
      join_policy: 'paid',
      member_cap: null,
      member_count: 0,
      welcome_message: '',
      rules_text: '',
      search_text: '',
      owner_id: ownerId,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await grantRole(db, communityId, ownerId, 'owner', now);
  const courseId = newId();
  await db
    .insertInto('courses')
    .values({
      id: courseId,
      community_id: communityId,
      title: '课程',
      summary: '',
      cover_file_id: null,
      tags: '[]',
      level: 'novice',
      status: 'published',
      publish_at: null,
      published_at: now,
      position: 'a0',
      author_id: ownerId,
      prerequisite_course_id: null,
      structure_version: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const chapterId = newId();
  await db
    .insertInto('chapters')
    .values({
      id: chapterId,
      course_id: courseId,
      title: '第一章',
      position: 'a0',
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { communityId, courseId, chapterId };
}

export async function grantRole(
  db: Kysely<DB>,
  communityId: string,
  userId: string,
  role: CommunityStaffRole,
  now: number,
): Promise<void> {
  await db
    .insertInto('community_roles')
    .values({ community_id: communityId, user_id: userId, role, granted_by: null, created_at: now })
    .execute();
}

export async function insertMembership(
  db: Kysely<DB>,
  communityId: string,
  userId: string,
  now: number,
): Promise<void> {
  await db
    .insertInto('memberships')
    .values({
      id: newId(),
      community_id: communityId,
      user_id: userId,
      plan_id: null,
      state: 'active',
      starts_at: now,
      ends_at: null,
      source_kind: 'manual',
      price_paid_minor: 0,
      currency: null,
      ban_reason: null,
      reminded_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

let position = 0;

/** A lesson in the course; published and paid unless told otherwise. */
export async function insertLesson(
  db: Kysely<DB>,
  course: TestCourse,
  authorId: string,
  now: number,
  overrides: Partial<Pick<LessonsTable, 'status' | 'free_preview' | 'video_file_id'>> = {},
): Promise<string> {
  const id = newId();
  await db
    .insertInto('lessons')
    .values({
      id,
      community_id: course.communityId,
      course_id: course.courseId,
      chapter_id: course.chapterId,
      title: '第一课',
      body: '',
      body_html: '',
      video_file_id: overrides.video_file_id ?? null,
      video_url: null,
      estimated_minutes: null,
      free_preview: overrides.free_preview ?? 0,
      status: overrides.status ?? 'published',
      publish_at: null,
      published_at: now,
      drip_kind: 'none',
      drip_at: null,
      drip_days: null,
      prerequisite_lesson_id: null,
      position: `a${++position}`,
      author_id: authorId,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function attach(db: Kysely<DB>, lessonId: string, fileId: string, name: string): Promise<void> {
  await db
    .insertInto('lesson_attachments')
    .values({ lesson_id: lessonId, file_id: fileId, name, position: 'a0' })
    .execute();
}
