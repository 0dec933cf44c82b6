/**
 * The server sends titles and snippets HTML-escaped with matches in <mark>. Rather than trusting
 * that as HTML, it is split into plain text pieces (entities decoded) and marked pieces, which
 * React renders as text: nothing in a result can become markup.
 */
export interface HighlightPiece {
  text: string;
  marked: boolean;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);

export function highlightPieces(html: string): HighlightPiece[] {
  const pieces: HighlightPiece[] = [];
  const re = /<mark>([\s\S]*?)<\/mark>/g;
  let at = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m.index > at) pieces.push({ text: decode(html.slice(at, m.index)), marked: false });
    pieces.push({ text: decode(m[1] ?? ''), marked: true });
    at = m.index + m[0].length;
  }
  if (at < html.length) pieces.push({ text: decode(html.slice(at)), marked: false });
  return pieces;
}
