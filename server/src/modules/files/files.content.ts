/**
 * What an upload really is, from its bytes (magic numbers via file-type), never from its name
 * or the client's Content-Type; and which kinds accept which types.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import { AppError } from '../../platform/errors.js';
import { FileErrors, type FileKind } from './files.schemas.js';

export type Sniffed =
  | { type: 'empty' }
  | { type: 'executable'; what: string }
  | { type: 'detected'; mime: string; ext: string }
  /** No magic number, valid UTF-8 and no NUL byte. */
  | { type: 'text' }
  | { type: 'unknown'; mime?: string };

const EXECUTABLES: Record<string, string> = {
  'application/x-elf': 'an ELF executable',
  'application/x-msdownload': 'a Windows executable',
  'application/x-mach-binary': 'a Mach-O executable',
};

const IMAGES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif'];
const VIDEOS = ['video/mp4', 'video/webm', 'video/quicktime', 'video/x-m4v'];
const ATTACHMENTS = [
  'application/pdf',
  'application/zip',
  'application/epub+zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.openxmlformats-officedocument.presentationml.slideshow',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'audio/mpeg',
  'audio/mp4',
  'audio/x-m4a',
  'audio/ogg',
  'audio/ogg; codecs=opus',
  'audio/wav',
  'video/mp4',
  'video/webm',
];

export const ALLOWED_TYPES: Record<FileKind, ReadonlySet<string>> = {
  image: new Set(IMAGES),
  video: new Set(VIDEOS),
  attachment: new Set(ATTACHMENTS),
};

/** Extensions a name may keep for a detected type; anything else gets the right one appended. */
const EXTENSION_ALIASES: Record<string, readonly string[]> = {
  jpg: ['jpg', 'jpeg', 'jpe'],
  mov: ['mov', 'qt'],
  m4a: ['m4a', 'mp4'],
  opus: ['opus', 'ogg'],
  ogg: ['ogg', 'oga'],
};

const TEXT_TYPES: Record<string, string> = {
  txt: 'text/plain',
  text: 'text/plain',
  log: 'text/plain',
  md: 'text/markdown',
  markdown: 'text/markdown',
  csv: 'text/csv',
};

const unsupported = (message: string) => new AppError(415, FileErrors.unsupportedFileType, message);

/** The sniffing itself: reads the staged file at `filePath` (its size is known). */
export async function sniffFile(filePath: string, size: number): Promise<Sniffed> {
  if (size === 0) return { type: 'empty' };
  const head = await readHead(filePath, 2);
  // Scripts have no magic number of their own; the shebang is what makes them runnable.
  if (head[0] === 0x23 && head[1] === 0x21) return { type: 'executable', what: 'a script' };
  const detected = await fileTypeFromFile(filePath);
  if (detected) {
    const what = EXECUTABLES[detected.mime];
    if (what) return { type: 'executable', what };
    const textual = detected.mime.startsWith('text/') || detected.mime === 'application/xml';
    if (!textual) return { type: 'detected', mime: detected.mime, ext: detected.ext };
    // XML, subtitles, calendars…: fine as plain text, never rendered as their own type.
    return (await isUtf8Text(filePath)) ? { type: 'text' } : { type: 'unknown', mime: detected.mime };
  }
  return (await isUtf8Text(filePath)) ? { type: 'text' } : { type: 'unknown' };
}

/**
 * Pure: whether a `kind` accepts what was sniffed, and the mime and name it is stored under.
 * The name's extension is made to match the type, so a PDF called `x.exe` downloads as `x.exe.pdf`.
 */
export function acceptContent(
  kind: FileKind,
  sniffed: Sniffed,
  name: string,
): { mime: string; name: string } {
  switch (sniffed.type) {
    case 'empty':
      throw new AppError(400, FileErrors.emptyFile, 'The file is empty.');
    case 'executable':
      throw unsupported(`Executable files are not accepted (this is ${sniffed.what}).`);
    case 'detected': {
      if (!ALLOWED_TYPES[kind].has(sniffed.mime)) throw unsupported(refusal(kind, sniffed.mime));
      const extensions = EXTENSION_ALIASES[sniffed.ext] ?? [sniffed.ext];
      return { mime: sniffed.mime, name: withExtension(name, extensions, sniffed.ext) };
    }
    case 'text': {
      if (kind !== 'attachment') throw unsupported(refusal(kind, 'text'));
      const ext = extensionOf(name);
      const mime = (ext && TEXT_TYPES[ext]) || 'text/plain';
      return { mime, name: withExtension(name, Object.keys(TEXT_TYPES), 'txt') };
    }
    case 'unknown':
      throw unsupported(refusal(kind, sniffed.mime ?? 'an unrecognised type'));
  }
}

function refusal(kind: FileKind, what: string): string {
  const allowed: Record<FileKind, string> = {
    image: 'PNG, JPEG, GIF, WebP or AVIF',
    video: 'MP4, WebM or QuickTime',
    attachment: 'PDF, ZIP, Office or OpenDocument, EPUB, images, audio, MP4/WebM or UTF-8 text',
  };
  return `This ${kind} must be ${allowed[kind]}; the file is ${what}.`;
}

const extensionOf = (name: string): string | null => {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : null;
};

function withExtension(name: string, allowed: readonly string[], ext: string): string {
  const current = extensionOf(name);
  return current && allowed.includes(current) ? name : `${name}.${ext}`;
}

/**
 * A client's file name made safe to store and to send back in Content-Disposition: no path,
 * no control characters, at most 200 characters (the extension kept), never empty.
 */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  let name = Array.from(base)
    .filter((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      return code >= 0x20 && code !== 0x7f;
    })
    .join('')
    .trim();
  if (name === '' || name === '.' || name === '..') name = 'file';
  const chars = Array.from(name);
  if (chars.length > 200) {
    const ext = extensionOf(name);
    const tail = ext && ext.length <= 16 ? `.${ext}` : '';
    name = chars.slice(0, 200 - tail.length).join('') + tail;
  }
  return name;
}

async function readHead(filePath: string, length: number): Promise<Buffer> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Streams the file: every byte valid UTF-8 and no NUL (binary formats nearly always have one). */
export async function isUtf8Text(filePath: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(filePath)) {
      const bytes = chunk as Buffer;
      if (bytes.includes(0)) return false;
      decoder.decode(bytes, { stream: true });
    }
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}
