/** Date and time in the reader's language, e.g. 2025年3月1日 14:05 / Mar 1, 2025, 2:05 PM. */
export function formatDateTime(epochMs: number, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(epochMs);
}

export function formatDate(epochMs: number, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long' }).format(epochMs);
}
