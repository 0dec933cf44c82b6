import type { TFunction } from 'i18next';
import { isApiError } from '../../api/errors';
import { currentLanguage } from '../../i18n';
import { errorMessage } from '../../ui/error-message';
import { fileSize } from '../../ui/format';
import type { FileKind } from './types';

/**
 * Why an upload failed, naming the limit for this kind of file when it was too large: the
 * server's own limit when it says it, else the documented one (e.g. a proxy's bare 413).
 */
export function uploadErrorMessage(t: TFunction, kind: FileKind, error: unknown): string {
  if (isApiError(error)) {
    if (error.status === 413) {
      return t('studio.upload.tooLarge', { limit: limitLabel(t, kind, error.limitBytes) });
    }
    if (error.status === 415)
      return t('studio.upload.unsupported', { kind: t(`studio.upload.kind.${kind}`) });
  }
  return errorMessage(t, error);
}

function limitLabel(t: TFunction, kind: FileKind, limitBytes: number | undefined): string {
  if (!limitBytes) return t(`studio.upload.limit.${kind}`);
  const { size, unit } = fileSize(limitBytes, currentLanguage());
  return t(`common.size.${unit}`, { size });
}
