import { ApiError, toApiError } from '../../api/errors';
import type { FileKind, UploadedFile } from './types';

export interface UploadRequest {
  file: File;
  kind: FileKind;
  communityId?: string;
  /** 0–100, as the bytes leave the browser. */
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
}

/** The upload's percentage, never above 100 and 0 while the size is unknown. */
export function progressPercent(loaded: number, total: number): number {
  if (!total || total <= 0) return 0;
  return Math.min(100, Math.round((loaded / total) * 100));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * `POST /api/files` with XMLHttpRequest, because fetch reports no upload progress. The text
 * fields go before the file part, as the server reads them first.
 */
export function uploadFile({
  file,
  kind,
  communityId,
  onProgress,
  signal,
}: UploadRequest): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append('kind', kind);
    if (communityId) form.append('communityId', communityId);
    form.append('file', file, file.name);

    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/files');
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(progressPercent(event.loaded, event.total));
    };
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(100);
        resolve(body as UploadedFile);
        return;
      }
      const headers = new Headers();
      const retryAfter = xhr.getResponseHeader('retry-after');
      if (retryAfter) headers.set('retry-after', retryAfter);
      reject(
        toApiError(new Response(null, { status: xhr.status, statusText: xhr.statusText, headers }), body),
      );
    };
    xhr.onerror = () => reject(new TypeError('network'));
    xhr.onabort = () => reject(new ApiError({ status: 0, code: 'upload_cancelled', message: 'cancelled' }));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
