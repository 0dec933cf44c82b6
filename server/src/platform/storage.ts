import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { type FileHandle, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, notFound } from './errors.js';

/** A blob as stored: addressed by the SHA-256 of its bytes. */
export interface StoredBlob {
  sha256: string;
  size: number;
  /** Where the bytes are (a local path for the disk store; a key for a remote one). */
  path: string;
}

/** A blob received in full but not yet in place: `verify` may read it at `path` and refuse it. */
export interface StagedBlob {
  sha256: string;
  size: number;
  /** A local temporary file holding exactly the received bytes. */
  path: string;
}

export interface PutOptions {
  /** More bytes than this and the upload stops at once with 413 `file_too_large`. */
  maxBytes: number;
  /** Inspects the staged bytes (e.g. magic-byte sniffing); throwing discards them. */
  verify?: (staged: StagedBlob) => Promise<void>;
}

/** Inclusive byte offsets, as in HTTP's Range header. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where uploaded bytes live. The disk store below is the default; an S3-compatible store can
 * implement the same interface later: stage the upload in a local temp file while hashing (the
 * key is the hash, so it is only known at the end), run `verify` on it, then PUT it under
 * `ab/cd/<sha256>` unless a HEAD shows it exists; `open` maps a range to a ranged GET.
 */
export interface BlobStore {
  put(source: Readable, options: PutOptions): Promise<StoredBlob>;
  /** The bytes (or a range of them); 404 `not_found` when the blob is missing. */
  open(sha256: string, range?: ByteRange): Promise<Readable>;
  stat(sha256: string): Promise<{ size: number } | null>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export const fileTooLarge = (maxBytes: number) =>
  new AppError(413, 'file_too_large', `The file is larger than the limit of ${formatBytes(maxBytes)}.`);

/** 10485760 → "10 MiB"; exact byte counts when the limit is not a round unit. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** Hashes and counts the bytes as they pass, and fails the moment the count passes the limit. */
class HashingLimiter extends Transform {
  readonly hash = createHash('sha256');
  size = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      callback(fileTooLarge(this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }
}

/**
 * Content-addressed blobs on disk: `<root>/ab/cd/<sha256>`. An upload streams into a temp file
 * under `<root>/.tmp` (same file system, so the final rename is atomic) and never sits in memory;
 * identical bytes are stored once.
 */
export class DiskBlobStore implements BlobStore {
  private readonly tmpDir: string;

  constructor(readonly root: string) {
    this.tmpDir = path.join(root, '.tmp');
    mkdirSync(this.tmpDir, { recursive: true, mode: 0o700 });
  }

  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(source: Readable, options: PutOptions): Promise<StoredBlob> {
    const tmp = path.join(this.tmpDir, `${randomBytes(16).toString('hex')}.part`);
    const limiter = new HashingLimiter(options.maxBytes);
    try {
      // `flush`: fsync before close, so a crash after the rename never leaves a short blob.
      await pipeline(source, limiter, createWriteStream(tmp, { flags: 'wx', mode: 0o600, flush: true }));
      const staged: StagedBlob = { sha256: limiter.hash.digest('hex'), size: limiter.size, path: tmp };
      await options.verify?.(staged);
      const final = this.pathOf(staged.sha256);
      if (await exists(final)) {
        await unlink(tmp);
      } else {
        await mkdir(path.dirname(final), { recursive: true });
        // Two identical uploads racing both rename identical bytes into place: either wins.
        await rename(tmp, final);
      }
      return { sha256: staged.sha256, size: staged.size, path: final };
    } catch (error) {
      // The source may be half read (limit passed, verify refused): stop it, drop the temp file.
      source.destroy();
      await unlink(tmp).catch(() => {});
      throw error;
    }
  }

  async open(sha256: string, range?: ByteRange): Promise<Readable> {
    let handle: FileHandle;
    try {
      handle = await open(this.pathOf(sha256), 'r');
    } catch (error) {
      if (isMissing(error)) throw notFound('file');
      throw error;
    }
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async stat(sha256: string): Promise<{ size: number } | null> {
    try {
      return { size: (await stat(this.pathOf(sha256))).size };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }
}

const isMissing = (error: unknown): boolean =>
  error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT';

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}
