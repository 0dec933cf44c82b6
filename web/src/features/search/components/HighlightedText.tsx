import { Mark } from '@mantine/core';
import { highlightPieces } from '../highlight';

/** A server-highlighted title or snippet, rendered as text with <mark> around the matches. */
export function HighlightedText({ html }: { html: string }) {
  return (
    <>
      {highlightPieces(html).map((piece, i) =>
        piece.marked ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: pieces are positional and never reorder
          <Mark key={i}>{piece.text}</Mark>
        ) : (
          piece.text
        ),
      )}
    </>
  );
}
