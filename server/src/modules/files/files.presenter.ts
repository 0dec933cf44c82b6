import type { FilesTable } from '../../db/schema.js';
import type { FileDto } from './files.schemas.js';
import { fileUrl } from './files.service.js';

export const presentFile = (file: FilesTable): FileDto => ({
  id: file.id,
  kind: file.kind,
  mime: file.mime,
  size: Number(file.size),
  name: file.original_name,
  url: fileUrl(file.id),
});

/** Text is stored as UTF-8 (checked on upload), so say so. */
export const contentTypeOf = (file: FilesTable): string =>
  file.mime.startsWith('text/') ? `${file.mime}; charset=utf-8` : file.mime;
