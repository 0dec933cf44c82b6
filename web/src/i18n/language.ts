export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Where a person's explicit language choice is remembered. */
export const LANGUAGE_STORAGE_KEY = 'zhishe.lang';

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/** Chinese when any preferred browser language is Chinese, otherwise English. */
export function languageFromBrowser(preferred: readonly string[]): Language {
  return preferred.some((tag) => tag.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

/** An explicit, remembered choice wins over the browser's preferences. */
export function pickLanguage(stored: string | null, preferred: readonly string[]): Language {
  return isLanguage(stored) ? stored : languageFromBrowser(preferred);
}
