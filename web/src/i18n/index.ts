import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import { isLanguage, LANGUAGE_STORAGE_KEY, LANGUAGES, type Language, pickLanguage } from './language';
import zhCN from './zh-CN.json';

function readStoredLanguage(): string | null {
  try {
    return window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

const detector = new LanguageDetector();
// Explicit rather than i18next's fuzzy matching: a remembered choice, else Chinese for any zh*
// browser language, else English. Nothing is cached until a person chooses.
detector.addDetector({
  name: 'zhishe',
  lookup: () => {
    const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
    return pickLanguage(readStoredLanguage(), preferred);
  },
});

function syncDocumentLanguage(lng: string): void {
  document.documentElement.lang = isLanguage(lng) ? lng : 'en';
}

i18n.on('languageChanged', syncDocumentLanguage);

void i18n
  .use(detector)
  .use(initReactI18next)
  .init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    supportedLngs: [...LANGUAGES],
    fallbackLng: 'en',
    load: 'currentOnly',
    interpolation: { escapeValue: false },
    detection: { order: ['zhishe'], caches: [] },
  });

export function currentLanguage(): Language {
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(lng) ? lng : 'en';
}

/** A person's explicit choice: switch now and remember it on this device. */
export async function chooseLanguage(lng: Language): Promise<void> {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, lng);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
  await i18n.changeLanguage(lng);
}

export default i18n;

/** After signing in on a device where no language was chosen, use the account's language. */
export function adoptAccountLanguage(lng: string): void {
  if (isLanguage(readStoredLanguage())) return;
  if (isLanguage(lng) && lng !== currentLanguage()) void i18n.changeLanguage(lng);
}
