import { describe, expect, it } from 'vitest';
import { highlightPieces } from './highlight';

describe('highlightPieces', () => {
  it('splits marked matches from text and decodes entities into plain text', () => {
    expect(highlightPieces('&lt;<mark>script</mark>&gt; &amp; <mark>社群</mark>运营')).toEqual([
      { text: '<', marked: false },
      { text: 'script', marked: true },
      { text: '> & ', marked: false },
      { text: '社群', marked: true },
      { text: '运营', marked: false },
    ]);
  });

  it('keeps anything else as text, never as markup', () => {
    expect(highlightPieces('<b>bold</b>')).toEqual([{ text: '<b>bold</b>', marked: false }]);
    expect(highlightPieces('')).toEqual([]);
  });
});
