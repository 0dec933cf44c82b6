import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.js';

describe('renderMarkdown', () => {
  it('renders markdown, Chinese included', () => {
    const html = renderMarkdown('# 第一课\n\n**重点**：_学习_ [链接](https://example.com)');
    expect(html).toContain('<h1>第一课</h1>');
    expect(html).toContain('<strong>重点</strong>');
    expect(html).toContain(
      '<a href="https://example.com" rel="noopener noreferrer nofollow" target="_blank">链接</a>',
    );
  });

  // Dangerous markup may survive as visible, escaped text; it must never survive as markup.
  const liveTags = (html: string) => html.match(/<[a-z][^>]*>/gi) ?? [];
  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[x](javascript:alert(1))',
    '<iframe src="https://evil.example"></iframe>',
    '<a href="https://x.test" onclick="steal()">x</a>',
    '![x](javascript:alert(1))',
    '<svg onload=alert(1)>',
  ])('renders %s without live script', (source) => {
    const tags = liveTags(renderMarkdown(source));
    for (const tag of tags) {
      expect(tag).not.toMatch(/^<(script|iframe|svg|object|embed)/i);
      expect(tag).not.toMatch(/\son\w+=/i);
      expect(tag).not.toMatch(/(href|src)="\s*javascript:/i);
    }
  });

  it('drops script elements that reach the sanitiser', () => {
    expect(renderMarkdown('text\n\n<script>alert(1)</script>')).not.toMatch(/<script/i);
  });

  it('highlights fenced code and escapes unknown languages', () => {
    expect(renderMarkdown('```js\nconst a = 1;\n```')).toContain('<span class="hljs-keyword">const</span>');
    expect(renderMarkdown('```\n<b>x</b>\n```')).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('keeps images with safe sources only', () => {
    expect(renderMarkdown('![图](https://example.com/a.png)')).toContain(
      '<img src="https://example.com/a.png" alt="图"',
    );
  });
});
