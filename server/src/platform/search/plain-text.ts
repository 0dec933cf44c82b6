/**
 * Markdown as written → the plain text search indexes and cuts snippets from: rendered with the
 * site's markdown renderer, tags dropped, entities decoded, whitespace collapsed.
 */
import { renderMarkdown } from '../markdown.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

export function htmlToPlainText(html: string): string {
  return (
    html
      .replace(/<(br|\/p|\/h\d|\/li|\/tr|\/pre|\/blockquote|\/div|\/ul|\/ol|\/table)\b[^>]*>/gi, '\n')
      .replace(/<\/(td|th)>/gi, ' ')
      // Inline tags (strong, a, code…) sit inside words: 量子<strong>纠缠</strong> is one phrase.
      .replace(/<[^>]*>/g, '')
      .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
        const lower = name.toLowerCase();
        if (lower in ENTITIES) return ENTITIES[lower] as string;
        if (!lower.startsWith('#')) return whole;
        const code = lower.startsWith('#x')
          ? Number.parseInt(lower.slice(2), 16)
          : Number.parseInt(lower.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      })
      .replace(/[ \t\r\f\v]+/g, ' ')
      .replace(/\s*\n\s*/g, '\n')
      .trim()
  );
}

export function markdownToPlainText(markdown: string): string {
  return htmlToPlainText(renderMarkdown(markdown));
}
