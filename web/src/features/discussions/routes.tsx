import type { RouteObject } from 'react-router';
import { FeedPage } from './pages/FeedPage';
import { PostPage } from './pages/PostPage';

/** A community's discussions (/c/:slug/posts, ?sort=&tag=) and one post with its comments (/posts/:id). */
export const discussionRoutes: RouteObject[] = [
  { path: 'c/:slug/posts', element: <FeedPage /> },
  { path: 'posts/:id', element: <PostPage /> },
];
