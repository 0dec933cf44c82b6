import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { DiskBlobStore, formatBytes } from './storage.js';

let root: string;
let store: DiskBlobStore;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'zhishe-storage-'));
  store = new DiskBlobStore(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const sha = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every file under the root, temp files included. */
function allFiles(dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

/** A stream of `chunks` chunks of `size` bytes, counting how many were pulled. */
function counted(chunks: number, size: number) {
  const state = { pulled: 0 };
  const stream = new Readable({
    read() {
      if (state.pulled >= chunks) return this.push(null);
      state.pulled++;
      this.push(Buffer.alloc(size, 0x61));
    },
  });
  return { stream, state };
}

describe('DiskBlobStore', () => {
  it('stores bytes under ab/cd/<sha256> and reads them back', async () => {
    const blob = await store.put(Readable.from([Buffer.from('hello '), Buffer.from('世界')]), {
      maxBytes: 100,
    });
    const expected = sha('hello 世界');
    expect(blob).toEqual({
      sha256: expected,
      size: Buffer.byteLength('hello 世界'),
      path: path.join(root, expected.slice(0, 2), expected.slice(2, 4), expected),
    });
    expect(readFileSync(blob.path, 'utf8')).toBe('hello 世界');
    expect(await text(await store.open(expected))).toBe('hello 世界');
    expect(await store.stat(expected)).toEqual({ size: blob.size });
    expect(allFiles()).toEqual([blob.path]);
  });

  it('reads an inclusive byte range', async () => {
    const blob = await store.put(Readable.from([Buffer.from('0123456789')]), { maxBytes: 100 });
    expect(await text(await store.open(blob.sha256, { start: 2, end: 4 }))).toBe('234');
  });

  it('keeps one blob for identical bytes and leaves no temp file behind', async () => {
    const a = await store.put(Readable.from([Buffer.from('same')]), { maxBytes: 10 });
    const b = await store.put(Readable.from([Buffer.from('sa'), Buffer.from('me')]), { maxBytes: 10 });
    expect(b).toEqual(a);
    expect(allFiles()).toEqual([a.path]);
  });

  it('accepts exactly the limit', async () => {
    const blob = await store.put(Readable.from([Buffer.alloc(10)]), { maxBytes: 10 });
    expect(blob.size).toBe(10);
  });

  it('stops at the first chunk over the limit with 413, storing nothing', async () => {
    const { stream, state } = counted(1000, 1024);
    const error = await store.put(stream, { maxBytes: 4096 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 413, code: 'file_too_large' });
    expect((error as AppError).message).toContain('4 KiB');
    // Far fewer than the 1000 chunks offered were read: no unbounded buffering.
    expect(state.pulled).toBeLessThan(50);
    expect(stream.destroyed).toBe(true);
    expect(allFiles()).toEqual([]);
  });

  it('drops the staged bytes when verify refuses them', async () => {
    let seen: string | null = null;
    const error = await store
      .put(Readable.from([Buffer.from('MZ not allowed')]), {
        maxBytes: 100,
        verify: async (staged) => {
          seen = readFileSync(staged.path, 'utf8');
          expect(staged.sha256).toBe(sha('MZ not allowed'));
          throw new AppError(415, 'unsupported_file_type', 'no');
        },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 415 });
    expect(seen).toBe('MZ not allowed');
    expect(allFiles()).toEqual([]);
    expect(await store.stat(sha('MZ not allowed'))).toBeNull();
  });

  it('cleans up when the source fails midway', async () => {
    const source = new Readable({
      read() {
        this.push(Buffer.from('part'));
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(store.put(source, { maxBytes: 100 })).rejects.toThrow('connection reset');
    expect(allFiles()).toEqual([]);
  });

  it('answers 404 for a missing blob and refuses names that are not hashes', async () => {
    await expect(store.open(sha('nothing'))).rejects.toMatchObject({ status: 404 });
    expect(await store.stat(sha('nothing'))).toBeNull();
    await expect(store.open('../../etc/passwd')).rejects.toThrow('not a sha256');
    expect(existsSync(path.join(root, '.tmp'))).toBe(true);
  });

  it('names limits in round units', () => {
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MiB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2 GiB');
    expect(formatBytes(1000)).toBe('1000 bytes');
  });
});
