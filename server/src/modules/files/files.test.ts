import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ELF, mp4, noise, PDF, PNG, peExecutable, SHELL_SCRIPT } from '../../../test/file-fixtures.js';
import type { Actor } from '../../platform/actor.js';
import type { Decision, Viewer } from '../access/access.rules.js';
import { acceptContent, cleanFileName, isUtf8Text, type Sniffed, sniffFile } from './files.content.js';
import { contentDisposition, matchesEtag, parseRange, rangeStillValid } from './files.http.js';
import {
  canReadPrivateFile,
  canUploadTo,
  kindAllowedWithoutCommunity,
  pickLessonDecision,
} from './files.policy.js';
import { formatMegabytes } from './files.service.js';

describe('parseRange', () => {
  it.each([
    ['bytes=0-9', 100, { type: 'partial', range: { start: 0, end: 9 } }],
    ['bytes=90-', 100, { type: 'partial', range: { start: 90, end: 99 } }],
    ['bytes=-5', 100, { type: 'partial', range: { start: 95, end: 99 } }],
    ['bytes=-500', 100, { type: 'partial', range: { start: 0, end: 99 } }],
    ['bytes=50-5000', 100, { type: 'partial', range: { start: 50, end: 99 } }],
    ['bytes=99-99', 100, { type: 'partial', range: { start: 99, end: 99 } }],
    ['bytes=100-', 100, { type: 'unsatisfiable' }],
    ['bytes=100-200', 100, { type: 'unsatisfiable' }],
    ['bytes=-0', 100, { type: 'unsatisfiable' }],
    ['bytes=0-', 0, { type: 'unsatisfiable' }],
    [undefined, 100, { type: 'full' }],
    ['bytes=9-0', 100, { type: 'full' }],
    ['bytes=-', 100, { type: 'full' }],
    ['bytes=0-1,5-6', 100, { type: 'full' }],
    ['lines=0-1', 100, { type: 'full' }],
    ['bytes=a-b', 100, { type: 'full' }],
  ] as const)('%s of %i bytes', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});

describe('formatMegabytes', () => {
  it.each([
    [10 * 1024 * 1024, '10'],
    [2048 * 1024 * 1024, '2048'],
    [1.5 * 1024 * 1024, '1.5'],
    [1024, '0.00098'],
  ])('%i bytes → %s MB', (bytes, expected) => {
    expect(formatMegabytes(bytes)).toBe(expected);
  });
});

describe('conditional requests', () => {
  const etag = '"abc"';
  it('matches If-None-Match weakly, in lists and with *', () => {
    expect(matchesEtag('"abc"', etag)).toBe(true);
    expect(matchesEtag('W/"abc"', etag)).toBe(true);
    expect(matchesEtag('"x", "abc"', etag)).toBe(true);
    expect(matchesEtag('*', etag)).toBe(true);
    expect(matchesEtag('"abcd"', etag)).toBe(false);
    expect(matchesEtag(undefined, etag)).toBe(false);
  });
  it('honours a range only for the same version (If-Range)', () => {
    expect(rangeStillValid(undefined, etag)).toBe(true);
    expect(rangeStillValid('"abc"', etag)).toBe(true);
    expect(rangeStillValid('"old"', etag)).toBe(false);
    expect(rangeStillValid('Wed, 21 Oct 2015 07:28:00 GMT', etag)).toBe(false);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name (RFC 5987)', () => {
    expect(contentDisposition('attachment', '讲义 (第1版).pdf')).toBe(
      `attachment; filename="__ (_1_).pdf"; filename*=UTF-8''%E8%AE%B2%E4%B9%89%20%28%E7%AC%AC1%E7%89%88%29.pdf`,
    );
    expect(contentDisposition('inline', `a"b\\c%d'e.png`)).toBe(
      `inline; filename="a_b_c_d'e.png"; filename*=UTF-8''a%22b%5Cc%25d%27e.png`,
    );
  });
});

describe('cleanFileName', () => {
  it.each([
    ['notes.pdf', 'notes.pdf'],
    ['C:\\Users\\me\\课程.pdf', '课程.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['bad\u0000name\u001f.txt', 'badname.txt'],
    ['  spaced  ', 'spaced'],
    ['', 'file'],
    [undefined, 'file'],
    ['..', 'file'],
  ])('%j → %j', (raw, clean) => {
    expect(cleanFileName(raw)).toBe(clean);
  });
  it('keeps the extension when it shortens a long name', () => {
    const cleaned = cleanFileName(`${'长'.repeat(300)}.pdf`);
    expect(Array.from(cleaned)).toHaveLength(200);
    expect(cleaned.endsWith('.pdf')).toBe(true);
  });
});

describe('acceptContent', () => {
  const png: Sniffed = { type: 'detected', mime: 'image/png', ext: 'png' };
  const pdf: Sniffed = { type: 'detected', mime: 'application/pdf', ext: 'pdf' };
  const jpeg: Sniffed = { type: 'detected', mime: 'image/jpeg', ext: 'jpg' };
  const avif: Sniffed = { type: 'detected', mime: 'image/avif', ext: 'avif' };
  const mov: Sniffed = { type: 'detected', mime: 'video/quicktime', ext: 'mov' };
  const m4a: Sniffed = { type: 'detected', mime: 'audio/x-m4a', ext: 'm4a' };

  it('accepts each kind’s types and fixes the extension', () => {
    expect(acceptContent('image', png, 'a.png')).toEqual({ mime: 'image/png', name: 'a.png' });
    expect(acceptContent('image', jpeg, 'a.JPEG')).toEqual({ mime: 'image/jpeg', name: 'a.JPEG' });
    expect(acceptContent('image', avif, 'a')).toEqual({ mime: 'image/avif', name: 'a.avif' });
    expect(acceptContent('video', mov, 'clip.mov')).toEqual({ mime: 'video/quicktime', name: 'clip.mov' });
    expect(acceptContent('attachment', pdf, 'a.exe')).toEqual({ mime: 'application/pdf', name: 'a.exe.pdf' });
    expect(acceptContent('attachment', m4a, 'song.m4a').mime).toBe('audio/x-m4a');
    expect(acceptContent('attachment', { type: 'text' }, 'a.MD')).toEqual({
      mime: 'text/markdown',
      name: 'a.MD',
    });
    expect(acceptContent('attachment', { type: 'text' }, 'page.html')).toEqual({
      mime: 'text/plain',
      name: 'page.html.txt',
    });
  });

  it.each([
    ['image', pdf],
    ['image', { type: 'text' }],
    ['video', png],
    ['video', m4a],
    ['attachment', avif],
    ['attachment', mov],
    ['attachment', { type: 'detected', mime: 'application/x-rar-compressed', ext: 'rar' }],
    ['attachment', { type: 'detected', mime: 'application/java-archive', ext: 'jar' }],
    ['attachment', { type: 'unknown' }],
    ['attachment', { type: 'executable', what: 'an ELF executable' }],
    ['image', { type: 'executable', what: 'a script' }],
  ] as const)('refuses %s given %j (415)', (kind, sniffed) => {
    expect(() => acceptContent(kind, sniffed, 'x')).toThrow(
      expect.objectContaining({ status: 415, code: 'unsupported_file_type' }),
    );
  });

  it('refuses an empty file (400)', () => {
    expect(() => acceptContent('attachment', { type: 'empty' }, 'x')).toThrow(
      expect.objectContaining({ status: 400, code: 'empty_file' }),
    );
  });
});

describe('sniffFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'zhishe-sniff-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const sniff = async (bytes: Buffer) => {
    const file = path.join(dir, `f${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, bytes);
    return sniffFile(file, bytes.length);
  };

  it('reads the type from the bytes', async () => {
    expect(await sniff(PNG)).toEqual({ type: 'detected', mime: 'image/png', ext: 'png' });
    expect(await sniff(PDF)).toEqual({ type: 'detected', mime: 'application/pdf', ext: 'pdf' });
    expect(await sniff(mp4())).toEqual({ type: 'detected', mime: 'video/mp4', ext: 'mp4' });
    expect(await sniff(Buffer.from('纯文本 plain text\n'))).toEqual({ type: 'text' });
    expect(await sniff(Buffer.from('<?xml version="1.0"?><a/>'))).toEqual({ type: 'text' });
    expect(await sniff(Buffer.alloc(0))).toEqual({ type: 'empty' });
    expect(await sniff(noise())).toEqual({ type: 'unknown' });
  });

  it('recognises executables', async () => {
    expect(await sniff(ELF)).toMatchObject({ type: 'executable', what: 'an ELF executable' });
    expect(await sniff(peExecutable())).toMatchObject({ type: 'executable', what: 'a Windows executable' });
    const macho = Buffer.concat([Buffer.from([0xcf, 0xfa, 0xed, 0xfe]), Buffer.alloc(60)]);
    expect(await sniff(macho)).toMatchObject({ type: 'executable', what: 'a Mach-O executable' });
    expect(await sniff(SHELL_SCRIPT)).toMatchObject({ type: 'executable', what: 'a script' });
  });

  it('tells UTF-8 text from binary', async () => {
    const file = path.join(dir, 'latin1.txt');
    writeFileSync(file, Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    expect(await isUtf8Text(file)).toBe(false);
    writeFileSync(file, Buffer.from('a\u0000b'));
    expect(await isUtf8Text(file)).toBe(false);
    writeFileSync(file, Buffer.from('中文'));
    expect(await isUtf8Text(file)).toBe(true);
  });
});

describe('policy', () => {
  const viewer = (overrides: Partial<Viewer> = {}): Viewer => ({
    userId: 'u1',
    isOperator: false,
    communityId: 'c1',
    staffRole: null,
    membership: null,
    now: 0,
    ...overrides,
  });
  const user = (id: string, role: 'user' | 'operator' = 'user'): Actor => ({
    kind: 'user',
    sessionId: 's',
    ip: null,
    user: { id, email: `${id}@x`, displayName: id, locale: 'en', role, emailVerifiedAt: null, createdAt: 0 },
  });

  it('lets the community team upload, and only images outside a community', () => {
    expect(canUploadTo(viewer({ staffRole: 'owner' }))).toBe(true);
    expect(canUploadTo(viewer({ staffRole: 'moderator' }))).toBe(true);
    expect(canUploadTo(viewer({ staffRole: 'contributor' }))).toBe(true);
    expect(canUploadTo(viewer({ isOperator: true }))).toBe(true);
    expect(
      canUploadTo(viewer({ membership: { state: 'active', planId: null, startsAt: 0, endsAt: null } })),
    ).toBe(false);
    expect(canUploadTo(viewer())).toBe(false);
    expect(kindAllowedWithoutCommunity('image')).toBe(true);
    expect(kindAllowedWithoutCommunity('video')).toBe(false);
    expect(kindAllowedWithoutCommunity('attachment')).toBe(false);
  });

  it('keeps an unpublished file to its uploader, community staff and operators', () => {
    const file = { uploaderId: 'up', communityViewer: null };
    expect(canReadPrivateFile({ kind: 'anonymous', ip: null }, file)).toBe(false);
    expect(canReadPrivateFile(user('up'), file)).toBe(true);
    expect(canReadPrivateFile(user('op', 'operator'), file)).toBe(true);
    expect(canReadPrivateFile(user('other'), file)).toBe(false);
    for (const [staffRole, allowed] of [
      ['owner', true],
      ['moderator', true],
      ['contributor', false],
      [null, false],
    ] as const) {
      expect(
        canReadPrivateFile(user('other'), { uploaderId: 'up', communityViewer: viewer({ staffRole }) }),
      ).toBe(allowed);
    }
  });

  it('opens a shared file when any lesson allows, else refuses with the most telling reason', () => {
    const allow: Decision = { allow: true };
    const hidden: Decision = { allow: false, status: 404, code: 'not_found' };
    const join: Decision = { allow: false, status: 403, code: 'join_required' };
    const of = (...decisions: Decision[]) => decisions.map((decision, i) => ({ i, decision }));
    expect(pickLessonDecision(of(hidden, join, allow))?.i).toBe(2);
    expect(pickLessonDecision(of(hidden, join))?.i).toBe(1);
    expect(pickLessonDecision(of(hidden, hidden))?.i).toBe(0);
    expect(pickLessonDecision([])).toBeNull();
  });
});
