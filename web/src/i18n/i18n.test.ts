// @vitest-environment node
import { describe, expect, it } from 'vitest';
import en from './en.json';
import { languageFromBrowser, pickLanguage } from './language';
import zhCN from './zh-CN.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const files = { en: flatten(en), 'zh-CN': flatten(zhCN) };
const interpolations = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('translation files', () => {
  it('zh-CN has every key that en has', () => {
    const missing = [...files.en.keys()].filter((key) => !files['zh-CN'].has(key));
    expect(missing).toEqual([]);
  });

  it('en has every key that zh-CN has', () => {
    const missing = [...files['zh-CN'].keys()].filter((key) => !files.en.has(key));
    expect(missing).toEqual([]);
  });

  it('has no empty values', () => {
    for (const [lng, entries] of Object.entries(files)) {
      const empty = [...entries].filter(([, value]) => value.trim() === '').map(([key]) => `${lng}:${key}`);
      expect(empty).toEqual([]);
    }
  });

  it('uses the same placeholders in both languages', () => {
    const differing = [...files.en].filter(
      ([key, value]) => interpolations(value).join() !== interpolations(files['zh-CN'].get(key) ?? '').join(),
    );
    expect(differing.map(([key]) => key)).toEqual([]);
  });

  it('translates every server error code', () => {
    const codes = [
      'validation_failed',
      'invalid_credentials',
      'email_taken',
      'password_weak',
      'password_too_short',
      'rate_limited',
      'unauthenticated',
      'forbidden',
      'not_found',
      'setup_done',
      'token_invalid',
      'origin_forbidden',
      'body_too_large',
      'internal',
    ];
    for (const code of codes) expect(files.en.has(`errors.${code}`), code).toBe(true);
  });
});

describe('language choice', () => {
  it('prefers Chinese when any browser language is Chinese', () => {
    expect(languageFromBrowser(['zh-TW'])).toBe('zh-CN');
    expect(languageFromBrowser(['en-US', 'zh'])).toBe('zh-CN');
    expect(languageFromBrowser(['en-US', 'fr'])).toBe('en');
    expect(languageFromBrowser([])).toBe('en');
  });

  it('a remembered choice wins over the browser', () => {
    expect(pickLanguage('en', ['zh-CN'])).toBe('en');
    expect(pickLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(pickLanguage('klingon', ['en-US'])).toBe('en');
  });
});
