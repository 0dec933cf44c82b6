import type { TFunction } from 'i18next';
import { isApiError } from '../../api/errors';
import { errorMessage } from '../../ui/error-message';
import type { FileKind } from './types';

/** Why an upload failed, naming the limit for this kind of file when it was too large. */
export function uploadErrorMessage(t: TFunction, kind: FileKind, error: unknown): string {
  if (isApiError(error)) {
    if (error.status === 413) return t('studio.upload.tooLarge', { limit: t(`studio.upload.limit.${kind}`) });
    if (error.status === 415)
      return t('studio.upload.unsupported', { kind: t(`studio.upload.kind.${kind}`) });
  }
  return errorMessage(t, error);
}
