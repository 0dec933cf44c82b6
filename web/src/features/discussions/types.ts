import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Body<T> = T extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** Types come from the API's paths, so they follow the generated schema. */
export type Post = Json<paths['/api/posts/{id}']['get']['responses'][200]>;
export type FeedPage = Json<paths['/api/communities/{id}/posts']['get']['responses'][200]>;
export type PostSummary = FeedPage['items'][number];
export type CreatePostInput = Body<paths['/api/communities/{id}/posts']['post']>;
export type UpdatePostInput = Body<paths['/api/posts/{id}']['patch']>;
export type ModerateInput = Body<paths['/api/posts/{id}/moderation']['post']>;
export type CommentPage = Json<paths['/api/posts/{id}/comments']['get']['responses'][200]>;
export type CommentThread = CommentPage['items'][number];
export type Comment = CommentThread['comment'];
export type ReplyPage = Json<paths['/api/comments/{id}/replies']['get']['responses'][200]>;
export type Reactions = Json<paths['/api/posts/{id}/reactions/{kind}']['put']['responses'][200]>;
export type RevisionPage = Json<paths['/api/posts/{id}/revisions']['get']['responses'][200]>;
export type ReviewPage = Json<paths['/api/communities/{id}/posts/review']['get']['responses'][200]>;

export type FeedSort = 'latest' | 'featured' | 'hot' | 'unanswered';
export const FEED_SORTS: readonly FeedSort[] = ['latest', 'featured', 'hot', 'unanswered'];

/** Like plus a small emoji set (the server's list); `up` is the up-vote on answers. */
export const REACTIONS = [
  { kind: 'like', emoji: '👍' },
  { kind: 'love', emoji: '❤️' },
  { kind: 'haha', emoji: '😄' },
  { kind: 'wow', emoji: '😮' },
  { kind: 'thanks', emoji: '🙏' },
] as const;
