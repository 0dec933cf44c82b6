import { type Static, Type } from 'typebox';
import { MAX_QUERY_LENGTH } from '../../platform/search/query.js';

export const SEARCH_PAGE_SIZE = 20;
export const MAX_SEARCH_PAGE_SIZE = 50;

export const SearchKindT = Type.Union([
  Type.Literal('post'),
  Type.Literal('comment'),
  Type.Literal('lesson'),
]);

export const SearchQuery = Type.Object({
  q: Type.String({
    minLength: 1,
    maxLength: MAX_QUERY_LENGTH,
    description: 'Words to find; "a phrase", -exclude',
  }),
  community: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Community id or slug' })),
  kind: Type.Optional(SearchKindT),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_SEARCH_PAGE_SIZE, default: SEARCH_PAGE_SIZE }),
  ),
  cursor: Type.Optional(Type.String({ maxLength: 40 })),
});
export type SearchQueryInput = Static<typeof SearchQuery>;

export const SearchResult = Type.Object({
  kind: SearchKindT,
  id: Type.String(),
  communityId: Type.String(),
  communityName: Type.String(),
  communitySlug: Type.String(),
  /** The course of a lesson, the post of a comment. */
  parentId: Type.Union([Type.String(), Type.Null()]),
  /** Title as written, HTML-escaped, matches in `<mark>`. */
  titleHtml: Type.String(),
  /** A passage of the text around the matches, HTML-escaped, matches in `<mark>`. */
  snippetHtml: Type.String(),
  createdAt: Type.Integer(),
});

export const SearchPage = Type.Object({
  items: Type.Array(SearchResult),
  /** Results the viewer may open, counted within the search window (see docs/search.md). */
  total: Type.Integer(),
  /** True when there are more than `total` results (the count stops there). */
  totalCapped: Type.Boolean(),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type SearchPageDto = Static<typeof SearchPage>;
