import { canModerate, type Viewer } from '../access/access.rules.js';
import {
  canAccept,
  canComment,
  canDeleteComment,
  canDeletePost,
  canEditComment,
  canEditPost,
  canFeature,
  canLock,
  canPin,
} from './discussions.policy.js';
import type { CommentRow, CommentWithNames, FeedRow, PostRow } from './discussions.queries.js';
import type { CommentDto, PostDto, PostSummaryDto } from './discussions.schemas.js';
import { ExcerptCache } from './feed.excerpts.js';

export const parseTags = (json: string): string[] => {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
};

/** Markdown → a short plain-text line for lists and notifications' previews. */
export function plainText(markdown: string, max = 200): string {
  const text = markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_>#~|-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** About 8 MB of bodies at most: thousands of typical posts, the pages a community reads most. */
const feedExcerpts = new ExcerptCache((markdown) => plainText(markdown), 4_000_000);

export function presentPostSummary(row: FeedRow): PostSummaryDto {
  return {
    id: row.id,
    communityId: row.community_id,
    author: { id: row.author_id, displayName: row.author_name },
    kind: row.kind,
    title: row.title,
    excerpt: feedExcerpts.of(row.id, row.body),
    tags: parseTags(row.tags),
    state: row.state,
    pinned: row.pinned === 1,
    featured: row.featured === 1,
    locked: row.locked === 1,
    reactionCount: row.reaction_count,
    commentCount: row.comment_count,
    answerCount: row.answer_count,
    acceptedCommentId: row.accepted_comment_id,
    hotScore: Number(row.hot_score),
    createdAt: row.created_at,
  };
}

export interface PostExtras {
  authorName: string;
  attachments: { id: string; original_name: string; mime: string }[];
  reactions: Record<string, number>;
  myReactions: string[];
}

export function presentPost(post: PostRow, viewer: Viewer, extras: PostExtras): PostDto {
  const editor = canEditPost(viewer, post);
  return {
    id: post.id,
    communityId: post.community_id,
    author: { id: post.author_id, displayName: extras.authorName },
    kind: post.kind,
    title: post.title,
    body: editor ? post.body : null,
    bodyHtml: post.body_html,
    tags: parseTags(post.tags),
    attachments: extras.attachments.map((f) => ({ id: f.id, name: f.original_name, mime: f.mime })),
    state: post.state,
    stateReason: post.author_id === viewer.userId || canModerate(viewer) ? post.state_reason : null,
    pinned: post.pinned === 1,
    featured: post.featured === 1,
    locked: post.locked === 1,
    reactionCount: post.reaction_count,
    reactions: extras.reactions,
    myReactions: extras.myReactions,
    commentCount: post.comment_count,
    answerCount: post.answer_count,
    acceptedCommentId: post.accepted_comment_id,
    hotScore: Number(post.hot_score),
    editedAt: post.edited_at,
    createdAt: post.created_at,
    abilities: {
      edit: editor,
      delete: canDeletePost(viewer, post),
      pin: canPin(viewer),
      feature: canFeature(viewer),
      lock: canLock(viewer),
      comment: canComment(viewer, post),
      accept: canAccept(viewer, post),
      moderate: canModerate(viewer),
    },
  };
}

export function presentComment(
  c: CommentWithNames,
  post: PostRow,
  viewer: Viewer,
  tally: { counts: Record<string, number>; mine: string[] },
): CommentDto {
  const visible = c.state === 'published';
  const own = viewer.userId !== null && viewer.userId === c.author_id;
  return {
    id: c.id,
    postId: c.post_id,
    author: { id: c.author_id, displayName: c.author_name },
    parentId: c.parent_id,
    rootId: c.root_id,
    replyTo:
      c.parent_id !== null && c.parent_id !== c.root_id && c.reply_to_id && c.reply_to_name
        ? { id: c.reply_to_id, displayName: c.reply_to_name }
        : null,
    state: c.state,
    bodyHtml: visible ? c.body_html : null,
    body: visible && own ? c.body : null,
    reactionCount: c.reaction_count,
    upvoteCount: c.upvote_count,
    reactions: visible ? tally.counts : {},
    myReactions: tally.mine,
    replyCount: c.reply_count,
    accepted: post.accepted_comment_id === c.id,
    editedAt: c.edited_at,
    createdAt: c.created_at,
    abilities: {
      edit: canEditComment(viewer, c),
      delete: canDeleteComment(viewer, c),
      reply: visible && canComment(viewer, post),
      accept: visible && c.root_id === null && canAccept(viewer, post),
    },
  };
}

export type { CommentRow };
