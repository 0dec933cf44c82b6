/** Pure HTTP helpers for serving bytes: Range, conditional requests, Content-Disposition. */
import type { ByteRange } from '../../platform/storage.js';

export type RangeResult =
  | { type: 'full' }
  | { type: 'partial'; range: ByteRange }
  | { type: 'unsatisfiable' };

const FULL: RangeResult = { type: 'full' };

/**
 * One `bytes=` range (RFC 9110 §14): `a-b`, `a-` and the suffix `-n`. A header we cannot
 * parse, or one asking for several ranges, is ignored and the whole file is sent, as the
 * RFC allows; a well-formed range outside the file is unsatisfiable (416).
 */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (!header) return FULL;
  const match = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return FULL;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return FULL;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { type: 'unsatisfiable' };
    return { type: 'partial', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(first);
  const end = last === '' ? Number.POSITIVE_INFINITY : Number(last);
  if (end < start) return FULL;
  if (start >= size) return { type: 'unsatisfiable' };
  return { type: 'partial', range: { start, end: Math.min(end, size - 1) } };
}

/** `If-None-Match` (weak comparison, as RFC 9110 wants for it): does the client have this version? */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, '');
  return header
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === '*' || tag.replace(/^W\//, '') === bare);
}

/** `If-Range`: a range is honoured only while the client's copy is this exact version. */
export const rangeStillValid = (ifRange: string | undefined, etag: string): boolean =>
  ifRange === undefined || ifRange.trim() === etag;

/**
 * RFC 6266 / 5987: an ASCII fallback for old clients and the exact UTF-8 name in `filename*`,
 * so `课程讲义.pdf` downloads under its own name.
 */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const fallback = Array.from(name)
    .map((ch) => (ch >= ' ' && ch <= '~' && ch !== '"' && ch !== '\\' && ch !== '%' ? ch : '_'))
    .join('');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
