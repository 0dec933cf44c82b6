import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { Value } from 'typebox/value';
import type { DB, FilesTable } from '../../db/schema.js';
import type { Actor, UserActor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import {
  AppError,
  type FieldError,
  forbidden,
  invalidField,
  notFound,
  unauthenticated,
} from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { BlobStore, ByteRange } from '../../platform/storage.js';
import type { Viewer } from '../access/access.rules.js';
import type { AccessService } from '../access/access.service.js';
import { acceptContent, cleanFileName, sniffFile } from './files.content.js';
import {
  canReadPrivateFile,
  canUploadTo,
  kindAllowedWithoutCommunity,
  pickLessonDecision,
} from './files.policy.js';
import * as q from './files.queries.js';
import { FileErrors, type FileKind, UploadFields, type UploadFieldsInput } from './files.schemas.js';
import type { FileUsage } from './files.usage.js';

const MIB = 1024 * 1024;

export type FileLimits = Record<FileKind, number>;

export const DEFAULT_FILE_LIMITS: FileLimits = {
  image: 10 * MIB,
  attachment: 100 * MIB,
  video: 2048 * MIB,
};

/**
 * 413 naming the kind's limit in MB (1 MB = 1024 × 1024 bytes, as the web app labels them), with
 * the exact `limitBytes` for clients that word it themselves.
 */
export function fileTooLarge(kind: FileKind, limitBytes: number): AppError {
  return new AppError(
    413,
    FileErrors.fileTooLarge,
    `The ${kind} is larger than the limit of ${formatMegabytes(limitBytes)} MB.`,
    undefined,
    undefined,
    { limitBytes },
  );
}

/** 10485760 → "10", 1572864 → "1.5"; two significant digits below 1 MB (test limits are tiny). */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / MIB;
  return String(Number(mb >= 1 ? mb.toFixed(2) : mb.toPrecision(2)));
}

/** A signed URL is honoured this long without a session (video players, download managers). */
export const SIGNED_URL_TTL_MS = 5 * 60_000;

export interface UploadPart {
  /** The client's file name, as sent. */
  name: string | undefined;
  stream: Readable;
}

/** An upload form, read up to its first file; fields sent after the file are not seen. */
export interface UploadSource {
  read(): Promise<{ fields: Record<string, string>; file: UploadPart | null }>;
}

export interface UrlSignature {
  exp?: number;
  sig?: string;
}

/** A file the actor may read; `public` ones may be cached by shared caches. */
export interface ReadableFile {
  file: FilesTable;
  visibility: 'public' | 'private';
}

export interface FilesServiceDeps {
  db: Kysely<DB>;
  clock: Clock;
  storage: BlobStore;
  access: AccessService;
  /** Signs short-lived URLs (config.secret). */
  secret: string;
  limits?: Partial<FileLimits>;
  /** Member content using files (posts, check-ins, submissions): each lends a file its readers. */
  usages?: readonly FileUsage[];
}

export class FilesService {
  readonly limits: FileLimits;
  private readonly db: Kysely<DB>;
  private readonly clock: Clock;
  private readonly storage: BlobStore;
  private readonly access: AccessService;
  private readonly secret: string;
  private readonly usages: readonly FileUsage[];

  constructor(deps: FilesServiceDeps) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.storage = deps.storage;
    this.access = deps.access;
    this.secret = deps.secret;
    this.usages = deps.usages ?? [];
    this.limits = { ...DEFAULT_FILE_LIMITS, ...deps.limits };
  }

  /** The largest upload of any kind: the multipart parser's own ceiling sits just above it. */
  get largestLimit(): number {
    return Math.max(...Object.values(this.limits));
  }

  /**
   * Signed in (401) → fields valid (400) → may upload there (403) → streamed to storage under
   * the kind's limit (413) → type from the bytes (415) → one row. A refusal stores nothing.
   */
  async upload(actor: Actor, source: UploadSource): Promise<FilesTable> {
    const user = requireUser(actor);
    const { fields, file } = await source.read();
    try {
      const input = parseFields(fields);
      if (input.communityId !== undefined) {
        const viewer = await this.access.viewer(actor, input.communityId);
        if (!canUploadTo(viewer))
          throw forbidden(FileErrors.forbidden, 'Only the team of this community may upload files to it.');
      } else if (!kindAllowedWithoutCommunity(input.kind)) {
        throw invalidField('communityId', 'required', 'Videos and attachments are uploaded to a community.');
      }
      if (!file) throw invalidField('file', 'required', 'Choose a file to upload.');

      let accepted = { mime: '', name: '' };
      const limitBytes = this.limits[input.kind];
      const blob = await this.storage
        .put(file.stream, {
          maxBytes: limitBytes,
          verify: async (staged) => {
            const sniffed = await sniffFile(staged.path, staged.size);
            accepted = acceptContent(input.kind, sniffed, cleanFileName(file.name));
          },
        })
        .catch((error: unknown) => {
          // The store only knows bytes; the client is told the kind's limit in its own terms.
          throw error instanceof AppError && error.status === 413
            ? fileTooLarge(input.kind, limitBytes)
            : error;
        });
      const row: FilesTable = {
        id: newId(),
        sha256: blob.sha256,
        size: blob.size,
        mime: accepted.mime,
        kind: input.kind,
        original_name: accepted.name,
        uploader_id: user.user.id,
        community_id: input.communityId ?? null,
        created_at: this.clock.now(),
      };
      return await this.db.transaction().execute((tx) => q.insertFile(tx, row));
    } catch (error) {
      // Refused before the bytes were read: stop reading them (no-op once consumed).
      file?.stream.destroy();
      throw error;
    }
  }

  /**
   * Through the one access service: a lesson's video or attachment is open when one of its
   * lessons is; covers and avatars are public; a file used by member content (FileUsage) is open to
   * that content's readers; anything else is its uploader's, its community staff's and operators'. A valid signed URL stands in for the session.
   */
  async authorizeRead(actor: Actor, id: string, signature: UrlSignature = {}): Promise<ReadableFile> {
    if (signature.exp !== undefined || signature.sig !== undefined) {
      this.verifySignature(id, signature);
      const file = await q.findFile(this.db, id);
      if (!file) throw notFound('file');
      return { file, visibility: 'private' };
    }
    const file = await q.findFile(this.db, id);
    if (!file) throw notFound('file');

    const lessonIds = await q.listLessonIdsUsingFile(this.db, id);
    if (lessonIds.length > 0) {
      const checks: Awaited<ReturnType<AccessService['lessonAccess']>>[] = [];
      for (const lessonId of lessonIds) {
        const check = await this.access.lessonAccess(actor, lessonId);
        checks.push(check);
        if (check.decision.allow) break;
      }
      const chosen = pickLessonDecision(checks);
      if (chosen && !chosen.decision.allow) await this.access.enforce(chosen.viewer, chosen.decision, 'file');
      return { file, visibility: 'private' };
    }

    if (await q.isPublicAsset(this.db, id)) return { file, visibility: 'public' };

    // Used by member content (a post, a check-in, a submission): open to whoever may read that.
    for (const usage of this.usages)
      if (await usage.readableVia(actor, id)) return { file, visibility: 'private' };

    const communityViewer = await this.staffViewer(actor, file);
    if (!canReadPrivateFile(actor, { uploaderId: file.uploader_id, communityViewer })) throw notFound('file');
    return { file, visibility: 'private' };
  }

  /** A URL that opens the file for SIGNED_URL_TTL_MS without a session, after the same check. */
  async signedUrl(actor: Actor, id: string): Promise<{ url: string; expiresAt: number }> {
    await this.authorizeRead(actor, id);
    const expiresAt = this.clock.now() + SIGNED_URL_TTL_MS;
    return { url: `${fileUrl(id)}?exp=${expiresAt}&sig=${this.sign(id, expiresAt)}`, expiresAt };
  }

  openBytes(file: FilesTable, range?: ByteRange): Promise<Readable> {
    return this.storage.open(file.sha256, range);
  }

  private async staffViewer(actor: Actor, file: FilesTable): Promise<Viewer | null> {
    // The uploader and operators need no lookup; others only matter as staff of the file's community.
    if (actor.kind !== 'user' || file.community_id === null) return null;
    if (actor.user.role === 'operator' || actor.user.id === file.uploader_id) return null;
    try {
      return await this.access.viewer(actor, file.community_id);
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return null;
      throw error;
    }
  }

  private sign(id: string, exp: number): string {
    return createHmac('sha256', this.secret).update(`file-url\n${id}\n${exp}`).digest('hex');
  }

  private verifySignature(id: string, { exp, sig }: UrlSignature): void {
    const invalid = () =>
      new AppError(403, FileErrors.invalidSignature, 'This link is not valid. Open the file again.');
    if (exp === undefined || sig === undefined || !/^[0-9a-f]{64}$/.test(sig)) throw invalid();
    const expected = Buffer.from(this.sign(id, exp), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) throw invalid();
    if (exp <= this.clock.now())
      throw new AppError(403, FileErrors.signatureExpired, 'This link has expired. Open the file again.');
  }
}

export const fileUrl = (id: string): string => `/api/files/${encodeURIComponent(id)}`;

function requireUser(actor: Actor): UserActor {
  if (actor.kind !== 'user') throw unauthenticated('Sign in to upload files.');
  return actor;
}

/** The multipart fields through the same kind of schema as every JSON body (400 naming each field). */
function parseFields(fields: Record<string, string>): UploadFieldsInput {
  if (Value.Check(UploadFields, fields)) return fields;
  const byPath = new Map<string, FieldError>();
  const add = (path: string, code: string, message: string) => {
    if (!byPath.has(path)) byPath.set(path, { path, code, message });
  };
  for (const e of Value.Errors(UploadFields, fields)) {
    const params = e.params as { additionalProperties?: string[]; requiredProperties?: string[] };
    for (const name of params.additionalProperties ?? []) add(name, 'additionalProperties', 'is not allowed');
    for (const name of params.requiredProperties ?? [])
      add(name, 'required', name === 'kind' ? 'is required (send it before the file)' : 'is required');
    if (e.keyword === 'boolean' || params.additionalProperties || params.requiredProperties) continue;
    const path = e.instancePath.replace(/^\//, '').replaceAll('/', '.') || 'body';
    add(path, e.keyword, path === 'kind' ? 'must be image, video or attachment' : e.message);
  }
  const errors = [...byPath.values()];
  throw new AppError(
    400,
    'validation_failed',
    errors.map((e) => `${e.path} ${e.message}`).join('; '),
    errors,
  );
}
