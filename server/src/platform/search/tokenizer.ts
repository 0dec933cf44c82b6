/**
 * Turns text into the tokens the index stores and a query matches: jieba segments Chinese, then
 * every piece is normalised the same way (NFKC so full-width ＡＢＣ is abc, lower case, Latin
 * accents dropped) and split into runs of letters and digits. Both databases index these tokens
 * joined by spaces, so they never segment anything themselves and agree token for token.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/** Bump when segmentation changes: the backfill job re-segments every stored document. */
export const TOKENIZER_VERSION = 1;

/** Longer runs (hashes, base64, URLs glued together) are noise in an index. */
const MAX_TOKEN_LENGTH = 40;

let jieba: Jieba | null = null;
/** Loading the dictionary takes ~0.3 s, so it happens on first use, once per process. */
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const TOKEN_RUN = /[\p{L}\p{N}\p{M}]+/gu;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const HAS_HAN = /\p{Script=Han}/u;

/**
 * Case, width and accents folded away (ＡＩ → ai, Café → cafe), before jieba sees the text: it
 * would split a word at a full-width or accented letter.
 */
export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().normalize('NFD').replace(COMBINING_MARKS, '').normalize('NFC');
}

/** One folded piece in the form the index keeps it (may be several tokens: `node.js` → node, js). */
export function normalize(piece: string): string[] {
  const out: string[] = [];
  for (const match of piece.matchAll(TOKEN_RUN)) {
    const token = match[0];
    if (token.length <= MAX_TOKEN_LENGTH) out.push(token);
  }
  return out;
}

/**
 * Index-time tokens, in text order: jieba's search mode, which adds the words inside long words
 * (入门教程 → 入门, 教程, 入门教程) so a query for any of them finds the text.
 */
export function indexTokens(text: string): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const piece of segmenter().cutForSearch(fold(text), true))
    for (const t of normalize(piece)) out.push(t);
  return out;
}

/** Jieba's precise segmentation of the folded text, pieces in order. */
export function cutPrecise(text: string): string[] {
  return segmenter().cut(fold(text), true);
}

/**
 * The words inside one query word, as the index has them: 入门教程 → [入门, 教程]. Empty when the
 * word has none (two-character words such as 社群, English words).
 */
export function subWords(word: string): string[] {
  if (!HAS_HAN.test(word) || word.length < 3) return [];
  const subs = new Set<string>();
  for (const piece of segmenter().cutForSearch(fold(word), true))
    for (const t of normalize(piece)) if (t !== word) subs.add(t);
  return [...subs];
}

/** Words too common to narrow a Chinese or English query; dropped unless the query is nothing else. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  '的',
  '了',
  '和',
  '是',
  '在',
  '与',
  '及',
  '或',
  '也',
  '就',
  '都',
  '而',
  '之',
  '吗',
  '呢',
  '吧',
  '啊',
  'a',
  'an',
  'the',
  'of',
  'to',
  'and',
  'or',
  'in',
  'on',
  'for',
  'is',
  'are',
]);
