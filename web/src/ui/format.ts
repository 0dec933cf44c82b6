/** Date and time in the reader's language, e.g. 2025年3月1日 14:05 / Mar 1, 2025, 2:05 PM. */
export function formatDateTime(epochMs: number, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(epochMs);
}

export function formatDate(epochMs: number, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long' }).format(epochMs);
}

export interface FileSize {
  /** The number, formatted for the language. */
  size: string;
  /** The translation key under `common.size`. */
  unit: 'megabytes' | 'gigabytes';
}

const MIB = 1024 * 1024;

/** A byte count as the app labels file sizes (1 MB = 1024 × 1024 bytes): whole GBs as GB, else MB. */
export function fileSize(bytes: number, language: string): FileSize {
  const mb = bytes / MIB;
  const inGb = mb >= 1024 && mb % 1024 === 0;
  const value = inGb ? mb / 1024 : mb;
  // Exact for real limits (1,536 MB stays 1,536); two significant digits below 1 MB.
  const digits = value >= 1 ? { maximumFractionDigits: 2 } : { maximumSignificantDigits: 2 };
  const size = new Intl.NumberFormat(language, digits).format(value);
  return { size, unit: inGb ? 'gigabytes' : 'megabytes' };
}
