/**
 * Feed excerpts already worked out, by post id. Stripping markdown from every body on every page
 * was a measurable share of a feed read, and a feed serves the same posts again and again. An
 * entry only counts while the post's body is the very same text, so an edit can never show a stale
 * excerpt; bounded by the characters of the bodies it keeps (oldest out first).
 */
interface Entry {
  body: string;
  excerpt: string;
}

export class ExcerptCache {
  private readonly entries = new Map<string, Entry>();
  private chars = 0;

  constructor(
    private readonly excerptOf: (markdown: string) => string,
    private readonly maxChars: number,
  ) {}

  /** The excerpt of `body` (the markdown of post `postId`). */
  of(postId: string, body: string): string {
    const hit = this.entries.get(postId);
    if (hit !== undefined && hit.body === body) return hit.excerpt;
    const excerpt = this.excerptOf(body);
    if (body.length > this.maxChars) return excerpt;
    if (hit !== undefined) {
      this.entries.delete(postId);
      this.chars -= hit.body.length;
    }
    while (this.chars + body.length > this.maxChars) {
      const oldest = this.entries.entries().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest[0]);
      this.chars -= oldest[1].body.length;
    }
    this.entries.set(postId, { body, excerpt });
    this.chars += body.length;
    return excerpt;
  }

  get size(): number {
    return this.entries.size;
  }
}
