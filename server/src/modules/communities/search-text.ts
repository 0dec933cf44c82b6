/**
 * The text discovery search matches. One function, so that a segmenter for Chinese
 * (jieba) can replace the plain lower-casing without touching its callers.
 */
export function buildSearchText(input: {
  name: string;
  description: string;
  tags: readonly string[];
}): string {
  return [input.name, input.description, input.tags.join(' ')].join('\n').toLowerCase();
}

/** A user's query as a LIKE pattern matching it anywhere, with `\`, `%` and `_` taken literally. */
export function likePattern(query: string): string {
  return `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
