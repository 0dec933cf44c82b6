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

/** Occurrences of a phrase written with or without spaces between its tokens (Chinese has none). */
const phraseCount = (text: string, tokens: readonly string[]) =>
  count(text, tokens.join(' ')) + (tokens.length > 1 ? count(text, tokens.join('')) : 0);

function termCount(text: string, term: QueryTerm): number {
  if (term.kind === 'phrase') return phraseCount(text, term.tokens);
  const whole = count(text, term.word);
  if (term.parts.length === 0) return whole;
  return Math.max(whole, Math.min(...term.parts.map((p) => count(text, p))));
}

const saturate = (tf: number, length: number) =>
  tf === 0 ? 0 : (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / AVERAGE_LENGTH));

export function scoreDocument(query: ParsedQuery, title: string, body: string): number {
  const t = title.toLowerCase();
  const b = body.toLowerCase();
  let score = 0;
  for (const term of query.terms)
    score +=
      TITLE_WEIGHT * saturate(termCount(t, term), AVERAGE_LENGTH) + saturate(termCount(b, term), b.length);
  if (query.boostPhrase) {
    const together = phraseCount(t, query.boostPhrase) * TITLE_WEIGHT + phraseCount(b, query.boostPhrase);
    score += PHRASE_BONUS * Math.min(together, 3);
  }
  return score;
}
