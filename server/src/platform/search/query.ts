/**
 * A user's search box text → what every document must contain. Words are segmented like the index
 * (jieba's precise mode, then `normalize`); a word that has words inside it (入门教程) matches either
 * itself or all of its parts, so it finds 入门的教程 too. `"…"` asks for an exact phrase and `-word`
 * excludes. The databases compile this structure (db/search-index.ts); nothing here is SQL.
 */
import { cutPrecise, normalize, STOP_WORDS, subWords } from './tokenizer.js';

export const MAX_QUERY_LENGTH = 200;
/** More terms make every document's check slower and rarely narrow a search further. */
export const MAX_QUERY_TERMS = 12;

export type QueryTerm =
  /** `word`, or every one of `parts` (the words inside it); `parts` is empty for short words. */
  | { kind: 'word'; word: string; parts: string[] }
  /** These tokens next to each other, in order. */
  | { kind: 'phrase'; tokens: string[] };

export interface ParsedQuery {
  /** All must match. Empty: nothing to search for. */
  terms: QueryTerm[];
  /** None may match. */
  exclude: QueryTerm[];
  /** Tokens to mark in titles and snippets. */
  highlight: string[];
  /**
   * The loose words in order, when there are several: documents where they stand next to each
   * other rank higher (Machine Learning over "learning … machine"); it never changes what matches.
   */
  boostPhrase: string[] | null;
}

const QUOTED_OR_WORD = /(-?)"([^"]*)"?|(\S+)/g;

/** Tokens of a piece of query text, in order, by the index's segmentation. */
function queryTokens(text: string): string[] {
  const out: string[] = [];
  for (const piece of cutPrecise(text)) for (const t of normalize(piece)) out.push(t);
  return out;
}

/**
 * Parsed queries by their text, newest use last: the same few queries are asked again and again,
 * and segmenting one with jieba costs more than the rest of parsing. Results are frozen, shared.
 */
const PARSED_CACHE_SIZE = 1000;
const parsedCache = new Map<string, ParsedQuery>();

export function parseQuery(input: string): ParsedQuery {
  const text = input.slice(0, MAX_QUERY_LENGTH);
  const cached = parsedCache.get(text);
  if (cached) {
    parsedCache.delete(text);
    parsedCache.set(text, cached);
    return cached;
  }
  const parsed = deepFreeze(parseUncached(text));
  if (parsedCache.size >= PARSED_CACHE_SIZE) parsedCache.delete(parsedCache.keys().next().value as string);
  parsedCache.set(text, parsed);
  return parsed;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function parseUncached(input: string): ParsedQuery {
  const terms: QueryTerm[] = [];
  const exclude: QueryTerm[] = [];
  const highlight = new Set<string>();
  const seen = new Set<string>();
  const add = (target: QueryTerm[], term: QueryTerm) => {
    const key = term.kind === 'word' ? term.word : `"${term.tokens.join(' ')}"`;
    if (seen.has(key) || terms.length + exclude.length >= MAX_QUERY_TERMS) return;
    seen.add(key);
    target.push(term);
    if (target === terms) {
      if (term.kind === 'word') for (const t of [term.word, ...term.parts]) highlight.add(t);
      else for (const t of term.tokens) highlight.add(t);
    }
  };

  const loose: string[] = [];
  for (const match of input.matchAll(QUOTED_OR_WORD)) {
    const [, minus, quoted, bare] = match;
    if (quoted !== undefined) {
      const tokens = queryTokens(quoted);
      if (tokens.length === 1)
        add(minus ? exclude : terms, { kind: 'word', word: tokens[0] as string, parts: [] });
      else if (tokens.length > 1) add(minus ? exclude : terms, { kind: 'phrase', tokens });
    } else if (bare?.startsWith('-') && bare.length > 1) {
      for (const term of wordTerms(bare.slice(1), false)) add(exclude, term);
    } else if (bare) {
      loose.push(bare);
    }
  }
  // Segment the loose words together: jieba needs the context (`Python入门` and `Python 入门` agree).
  const looseTerms = wordTerms(loose.join(' '), true);
  for (const term of looseTerms) add(terms, term);
  const phrase = looseTerms.flatMap((t) => (t.kind === 'word' ? [t.word] : t.tokens));
  return { terms, exclude, highlight: [...highlight], boostPhrase: phrase.length > 1 ? phrase : null };
}

/** Terms of free text: one per word, stop words dropped unless that leaves nothing. */
function wordTerms(text: string, dropStopWords: boolean): QueryTerm[] {
  const out: QueryTerm[] = [];
  for (const piece of cutPrecise(text)) {
    const tokens = normalize(piece);
    // A piece the normaliser splits (`node.js` → node, js) must keep its tokens together.
    if (tokens.length > 1) out.push({ kind: 'phrase', tokens });
    else if (tokens.length === 1) {
      const word = tokens[0] as string;
      out.push({ kind: 'word', word, parts: subWords(word) });
    }
  }
  if (!dropStopWords) return out;
  const kept = out.filter((t) => t.kind !== 'word' || !STOP_WORDS.has(t.word));
  return kept.length > 0 ? kept : out;
}
