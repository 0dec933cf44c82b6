/**
 * Who may do what to posts and comments, as pure functions of the viewer (access.rules) and the
 * item; plus the pure domain rules the service applies (hot score, mentions, links, review).
 */
import {
  canManageCommunity,
  canModerate,
  hasMemberAccess,
  isActiveMember,
  type Viewer,
} from '../access/access.rules.js';

interface Authored {
  author_id: string;
}
interface PostRef extends Authored {
  state: string;
  kind: string;
  locked: number;
}

const isAuthor = (v: Viewer, item: Authored): boolean => v.userId !== null && v.userId === item.author_id;

export const canPost = (v: Viewer): boolean => v.userId !== null && hasMemberAccess(v);
/** Authors edit their own words; moderators tidy anyone's. */
export const canEditPost = (v: Viewer, p: PostRef): boolean =>
  p.state !== 'deleted' && hasMemberAccess(v) && (isAuthor(v, p) || canModerate(v));
export const canDeletePost = (v: Viewer, p: PostRef): boolean =>
  p.state !== 'deleted' && (isAuthor(v, p) || canModerate(v));
/** Pinning is the owner's (and the operator's) choice of what everyone sees first. */
export const canPin = (v: Viewer): boolean => canManageCommunity(v);
export const canFeature = (v: Viewer): boolean => canModerate(v);
export const canLock = (v: Viewer): boolean => canModerate(v);
export const canComment = (v: Viewer, p: PostRef): boolean =>
  v.userId !== null && p.state === 'published' && hasMemberAccess(v) && (p.locked === 0 || canModerate(v));
export const canReact = (v: Viewer, p: PostRef): boolean =>
  v.userId !== null && p.state === 'published' && hasMemberAccess(v);
/** The asker or a moderator picks the accepted answer. */
export const canAccept = (v: Viewer, p: PostRef): boolean =>
  p.kind === 'question' && p.state === 'published' && (isAuthor(v, p) || canModerate(v));
export const canEditComment = (v: Viewer, c: Authored & { state: string }): boolean =>
  c.state === 'published' && hasMemberAccess(v) && isAuthor(v, c);
export const canDeleteComment = (v: Viewer, c: Authored & { state: string }): boolean =>
  c.state !== 'deleted' && (isAuthor(v, c) || canModerate(v));
export const canReviewPosts = (v: Viewer): boolean => canModerate(v);
export const canConfigure = (v: Viewer): boolean => canManageCommunity(v);

/**
 * Hot score: log10(1 + reactions + 2·comments) + (createdAt − HOT_EPOCH) / 45 000 s.
 * Engagement counts logarithmically (the first ten reactions weigh as much as the next ninety)
 * and every 12.5 hours of age is worth one order of magnitude of engagement, so new posts rise
 * and old ones sink without a job rewriting scores. Stored on the post, recomputed on each
 * reaction or comment write, so the hot feed is an index scan on (community, state, score, id).
 */
export const HOT_EPOCH_MS = Date.UTC(2025, 0, 1);
export const HOT_DECAY_MS = 45_000_000;
export function hotScore(reactions: number, comments: number, createdAt: number): number {
  const engagement = Math.max(0, reactions) + 2 * Math.max(0, comments);
  return Math.log10(1 + engagement) + (createdAt - HOT_EPOCH_MS) / HOT_DECAY_MS;
}

/** `@name` mentions: up to 20 distinct names, ended by whitespace or punctuation. */
const MENTION = /(?:^|[^\p{L}\p{N}_.@])@([\p{L}\p{N}_.-]{1,40})/gu;
export function mentionedNames(markdown: string): string[] {
  const names = new Set<string>();
  for (const match of markdown.matchAll(MENTION)) {
    const name = (match[1] ?? '').replace(/[.-]+$/, '');
    if (name) names.add(name.toLowerCase());
    if (names.size >= 20) break;
  }
  return [...names];
}

export const countLinks = (markdown: string): number =>
  (markdown.match(/https?:\/\/[^\s)<>\]]+/gi) ?? []).length;

export interface ReviewSettings {
  postsRequireReview: boolean;
  newMemberLinkLimit: number;
  newMemberDays: number;
}
export const DEFAULT_REVIEW_SETTINGS: ReviewSettings = {
  postsRequireReview: false,
  newMemberLinkLimit: 2,
  newMemberDays: 7,
};

/**
 * Does a new post wait for review? The team never does; everyone does when the community asks
 * for it; a member who joined recently does when the post carries more links than allowed (the
 * usual shape of spam).
 */
export function needsReview(v: Viewer, settings: ReviewSettings, links: number): boolean {
  if (canModerate(v) || v.staffRole === 'contributor') return false;
  if (settings.postsRequireReview) return true;
  const joinedRecently =
    isActiveMember(v) &&
    v.membership !== null &&
    v.now - v.membership.startsAt < settings.newMemberDays * 86_400_000;
  return joinedRecently && links > settings.newMemberLinkLimit;
}

/** File ids an uploaded image or file link names in markdown: `/api/files/<id>`. */
export function referencedFileIds(markdown: string): string[] {
  const ids = new Set<string>();
  for (const match of markdown.matchAll(/\/api\/files\/([0-9a-f-]{36})/g)) if (match[1]) ids.add(match[1]);
  return [...ids].slice(0, 50);
}
