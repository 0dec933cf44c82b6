/**
 * Ranking of a candidate window, the same on both databases: a BM25-style score computed from the
 * original title and text (lower-cased) rather than by the database, which on SQLite would load
 * every query phrase's position lists per row (ten times the cost of finding the rows). Every
 * candidate already contains every required term, so only term frequency (saturated, normalised
 * by length), where it occurs (a title counts TITLE_WEIGHT times) and whether the words stand
 * together (the query as a phrase) separate them; inverse document frequency would not.
 */
import type { ParsedQuery, QueryTerm } from './query.js';

export const TITLE_WEIGHT = 4;
const K1 = 1.2;
const B = 0.75;
/** Characters of a typical post: texts longer than this count each match a little less. */
const AVERAGE_LENGTH = 400;
const PHRASE_BONUS = 1.5;
const MAX_COUNT = 32;

function count(haystack: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (
    let at = haystack.indexOf(needle);
    at >= 0 && n < MAX_COUNT;
    at = haystack.indexOf(needle, at + needle.length)
  )
    n++;
  return n;
}

/** A phrase as written with spaces between its tokens, and without (Chinese has none). */
interface PhraseNeedles {
  spaced: string;
  /** Null for a one-token phrase (the same needle as `spaced`). */
  joined: string | null;
}
/** A query term, its needles built once per query rather than once per document. */
type TermNeedles = { word: string; parts: readonly string[] } | { phrase: PhraseNeedles };
interface Scorer {
  terms: TermNeedles[];
  boost: PhraseNeedles | null;
}

const phraseNeedles = (tokens: readonly string[]): PhraseNeedles => ({
  spaced: tokens.join(' '),
  joined: tokens.length > 1 ? tokens.join('') : null,
});

/** Parsed queries are cached and frozen (query.ts), so their needles are kept beside them. */
const scorers = new WeakMap<ParsedQuery, Scorer>();

function scorerFor(query: ParsedQuery): Scorer {
  let scorer = scorers.get(query);
  if (!scorer) {
    scorer = {
      terms: query.terms.map((term: QueryTerm) =>
        term.kind === 'phrase'
          ? { phrase: phraseNeedles(term.tokens) }
          : { word: term.word, parts: term.parts },
      ),
      boost: query.boostPhrase ? phraseNeedles(query.boostPhrase) : null,
    };
    scorers.set(query, scorer);
  }
  return scorer;
}

/** Occurrences of a phrase written with or without spaces between its tokens. */
const phraseCount = (text: string, p: PhraseNeedles) =>
  count(text, p.spaced) + (p.joined === null ? 0 : count(text, p.joined));

function termCount(text: string, term: TermNeedles): number {
  if ('phrase' in term) return phraseCount(text, term.phrase);
  const whole = count(text, term.word);
  if (term.parts.length === 0) return whole;
  let fewest = Number.POSITIVE_INFINITY;
  for (const part of term.parts) fewest = Math.min(fewest, count(text, part));
  return Math.max(whole, fewest);
}

const saturate = (tf: number, length: number) =>
  tf === 0 ? 0 : (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / AVERAGE_LENGTH));

/**
 * Characters that may change when lower-cased: ASCII capitals, everything from Latin-1 letters to
 * U+2FFF (every cased script of the basic plane lies there but for the ranges below), Cyrillic,
 * Latin and Cherokee extensions (U+A640–ABFF), full-width capitals, and any astral character.
 * Chinese text has none, and lower-casing it (a copy of every text) was a third of ranking.
 */
const MAY_CHANGE_CASE = /[A-Z\u00C0-\u2FFF\uA640-\uABFF\uFF21-\uFF3A\uD800-\uDFFF]/;
const lower = (text: string) => (MAY_CHANGE_CASE.test(text) ? text.toLowerCase() : text);

export function scoreDocument(query: ParsedQuery, title: string, body: string): number {
  const scorer = scorerFor(query);
  const t = lower(title);
  const b = lower(body);
  let score = 0;
  for (const term of scorer.terms)
    score +=
      TITLE_WEIGHT * saturate(termCount(t, term), AVERAGE_LENGTH) + saturate(termCount(b, term), b.length);
  if (scorer.boost) {
    const together = phraseCount(t, scorer.boost) * TITLE_WEIGHT + phraseCount(b, scorer.boost);
    score += PHRASE_BONUS * Math.min(together, 3);
  }
  return score;
}
