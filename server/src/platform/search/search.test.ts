import { describe, expect, it } from 'vitest';
import { fts5Text, tsqueryText, tsvectorLiteral } from '../../db/search-index.js';
import { markdownToPlainText } from './plain-text.js';
import { parseQuery } from './query.js';
import { scoreDocument } from './rank.js';
import { buildSnippet, highlightText } from './snippet.js';
import { indexTokens } from './tokenizer.js';

describe('tokenizer', () => {
  it('segments Chinese for search, keeps ASCII words, folds case, width and accents', () => {
    expect(indexTokens('Python 入门教程')).toEqual(['python', '入门', '教程', '入门教程']);
    expect(indexTokens('社群运营')).toEqual(['社群', '运营']);
    expect(indexTokens('ＡＩ绘画 Café')).toContain('ai');
    expect(indexTokens('ＡＩ绘画 Café')).toContain('cafe');
    expect(indexTokens('node.js <b>!!!</b>')).toEqual(['node', 'js', 'b', 'b']);
  });
});

describe('parseQuery', () => {
  it('makes one term per word, with the words inside long words as an alternative', () => {
    const q = parseQuery('Python 入门教程');
    expect(q.terms).toEqual([
      { kind: 'word', word: 'python', parts: [] },
      { kind: 'word', word: '入门教程', parts: ['入门', '教程'] },
    ]);
    expect(q.boostPhrase).toEqual(['python', '入门教程']);
  });

  it('reads phrases, exclusions and drops stop words unless nothing else is left', () => {
    const q = parseQuery('"machine learning" -python 社群的运营');
    expect(q.terms).toContainEqual({ kind: 'phrase', tokens: ['machine', 'learning'] });
    expect(q.exclude).toEqual([{ kind: 'word', word: 'python', parts: [] }]);
    expect(q.terms.map((t) => (t.kind === 'word' ? t.word : null))).not.toContain('的');
    expect(parseQuery('的').terms).toEqual([{ kind: 'word', word: '的', parts: [] }]);
    expect(parseQuery('！！ ...').terms).toEqual([]);
  });

  it('compiles to FTS5 and tsquery text with every token quoted', () => {
    const q = parseQuery('入门教程 "a b" -x');
    expect(fts5Text(q)).toBe('("a b" AND ("入门教程" OR ("入门" AND "教程"))) NOT ("x")');
    expect(tsqueryText(q)).toBe("(('a' <-> 'b') & ('入门教程' | ('入门' & '教程'))) & !('x')");
    expect(tsvectorLiteral(['t'], ["o'k", 't'])).toBe("'t':1A,3 'o''k':2");
  });
});

describe('snippets', () => {
  it('escapes everything and marks matches, Latin words whole only', () => {
    expect(highlightText('<i>cat</i> category', ['cat'])).toBe(
      '&lt;i&gt;<mark>cat</mark>&lt;/i&gt; category',
    );
    expect(highlightText('Python入门', ['python', '入门'])).toBe('<mark>Python</mark><mark>入门</mark>');
  });

  it('cuts a window around the densest matches', () => {
    const text = `${'前言。'.repeat(100)}这里讲社群运营的方法。${'后记。'.repeat(100)}`;
    const snippet = buildSnippet(text, ['社群', '运营'], 60);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('<mark>社群</mark><mark>运营</mark>的方法');
  });

  it('markdown becomes plain text for the index', () => {
    expect(markdownToPlainText('# 标题\n\n量子**纠缠** & <b>x</b>')).toBe('标题\n量子纠缠 & <b>x</b>');
  });
});

describe('rank', () => {
  it('prefers title matches and words standing together', () => {
    const q = parseQuery('machine learning');
    const together = scoreDocument(q, 'Machine learning basics', 'machine learning with python');
    const apart = scoreDocument(q, 'Learning, then machine shop work', 'learning first, then machine work');
    const bodyOnly = scoreDocument(q, 'Notes', 'machine learning with python');
    expect(together).toBeGreaterThan(apart);
    expect(together).toBeGreaterThan(bodyOnly);
  });
});
