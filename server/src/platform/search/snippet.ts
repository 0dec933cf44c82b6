/**
 * Highlighting on the original text (not the segmented one the index holds): the query's tokens
 * are found case-insensitively in the text as written, the best window is cut out, and everything
 * is HTML-escaped with `<mark>` around matches, so the result is safe to put into a page.
 */

import { fold } from './tokenizer.js';

const HAN = /\p{Script=Han}/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** Per token: enough to choose a window and mark it; a long text does not cost more. */
const MAX_HITS_PER_TOKEN = 64;

export const SNIPPET_LENGTH = 160;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

/** A letter or digit that glues onto a Latin word (Han characters do not: `Python入门`). */
const gluesOn = (c: string | undefined): boolean => c !== undefined && WORD_CHAR.test(c) && !HAN.test(c);

interface Hit {
  start: number;
  end: number;
  token: number;
}

/** Where the tokens occur in `text`, sorted; Latin tokens only as whole words. */
export function findHits(text: string, tokens: readonly string[]): Hit[] {
  // Fold as the index does (Café → cafe, ＡＩ → ai) when that keeps every offset; else lower case
  // only, and case-sensitively when even that changes the length (rare: İ).
  const folded = fold(text);
  let haystack = folded;
  if (folded.length !== text.length) {
    const lower = text.toLowerCase();
    haystack = lower.length === text.length ? lower : text;
  }
  const hits: Hit[] = [];
  tokens.forEach((token, i) => {
    if (!token) return;
    const wholeWord = !HAN.test(token);
    let from = 0;
    let found = 0;
    while (found < MAX_HITS_PER_TOKEN) {
      const at = haystack.indexOf(token, from);
      if (at < 0) break;
      from = at + 1;
      if (wholeWord && (gluesOn(haystack[at - 1]) || gluesOn(haystack[at + token.length]))) continue;
      hits.push({ start: at, end: at + token.length, token: i });
      found++;
    }
  });
  return hits.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** `text[from, to)` escaped, with the hits inside it marked (overlapping hits merged). */
function markRange(text: string, hits: readonly Hit[], from: number, to: number): string {
  let out = '';
  let at = from;
  for (const hit of hits) {
    if (hit.end <= at || hit.start >= to) continue;
    const start = Math.max(hit.start, at);
    let end = Math.min(hit.end, to);
    // Extend over following hits that overlap this one.
    for (const next of hits) if (next.start < end && next.end > end) end = Math.min(next.end, to);
    out += `${escapeHtml(text.slice(at, start))}<mark>${escapeHtml(text.slice(start, end))}</mark>`;
    at = end;
  }
  return out + escapeHtml(text.slice(at, to));
}

/** The whole (short) text, escaped, matches marked: for titles. */
export function highlightText(text: string, tokens: readonly string[]): string {
  return markRange(text, findHits(text, tokens), 0, text.length);
}

/**
 * About `length` characters of `text` around the place where the most distinct query tokens occur
 * close together, escaped and marked, with `…` where it was cut. The start of the text when
 * nothing matches (a title-only match).
 */
export function buildSnippet(text: string, tokens: readonly string[], length = SNIPPET_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const hits = findHits(flat, tokens);
  if (flat.length <= length) return markRange(flat, hits, 0, flat.length);
  let bestStart = 0;
  let bestScore = -1;
  const lead = Math.floor(length / 5);
  for (const hit of hits) {
    const start = Math.max(0, Math.min(hit.start - lead, flat.length - length));
    const distinct = new Set<number>();
    for (const h of hits) if (h.start >= start && h.end <= start + length) distinct.add(h.token);
    if (distinct.size > bestScore) {
      bestScore = distinct.size;
      bestStart = start;
    }
  }
  const end = Math.min(flat.length, bestStart + length);
  return `${bestStart > 0 ? '…' : ''}${markRange(flat, hits, bestStart, end)}${end < flat.length ? '…' : ''}`;
}
