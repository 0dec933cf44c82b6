export type SearchKind = 'post' | 'comment' | 'lesson';

export interface SearchResult {
  kind: SearchKind;
  id: string;
  communityId: string;
  communityName: string;
  communitySlug: string;
  parentId: string | null;
  /** Escaped by the server, matches in <mark>; render with `HighlightedText`, never as HTML. */
  titleHtml: string;
  snippetHtml: string;
  createdAt: number;
}

export interface SearchPage {
  items: SearchResult[];
  total: number;
  totalCapped: boolean;
  nextCursor: string | null;
}

export interface SearchParams {
  q: string;
  community?: string;
  kind?: SearchKind;
}
