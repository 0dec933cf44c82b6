import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  type CommunityFixture,
  communityWithPlans,
  memberIn,
  signedInUser,
  type TestUser,
} from '../../../test/community-fixtures.js';
import { PNG, uploaded } from '../../../test/file-fixtures.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { ManualClock } from '../../platform/clock.js';
import { MemoryRateLimiter } from '../../platform/rate-limit.js';
import { NOTIFY_TOPIC, type NotificationEvent } from '../notifications/notification-events.js';
import { PostsService } from './posts.service.js';

const MINUTE = 60_000;
const clock = new ManualClock(Date.UTC(2026, 4, 1, 8, 0, 0));
let t: TestApp;
let http: ReturnType<typeof api>;
let owner: TestUser;
let alice: TestUser;
let bob: TestUser;
let outsider: TestUser;
let moderator: TestUser;
let community: CommunityFixture;
let freePlanId: string;

interface PostJson {
  id: string;
  state: string;
  title: string | null;
  body: string | null;
  bodyHtml: string;
  tags: string[];
  reactionCount: number;
  commentCount: number;
  answerCount: number;
  acceptedCommentId: string | null;
  pinned: boolean;
  featured: boolean;
  locked: boolean;
  reactions: Record<string, number>;
  myReactions: string[];
}
interface Summary {
  id: string;
  title: string | null;
}
interface CommentJson {
  id: string;
  parentId: string | null;
  rootId: string | null;
  bodyHtml: string | null;
  state: string;
  replyCount: number;
  upvoteCount: number;
  replyTo: { displayName: string } | null;
}
interface CommentPageJson {
  items: { comment: CommentJson; replies: CommentJson[]; repliesCursor: string | null }[];
  nextCursor: string | null;
}

const fieldsOf = (res: { json(): { errors?: { path: string }[] } }) =>
  (res.json().errors ?? []).map((e) => e.path);

async function newPost(author: TestUser, body: Record<string, unknown> = {}): Promise<PostJson> {
  // A minute between posts keeps every author under the posting rate limit.
  clock.advance(MINUTE);
  const res = await http.post(
    `/api/communities/${community.id}/posts`,
    { title: 'Hello', body: 'A post body', ...body },
    author.cookie,
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as PostJson;
}

async function comment(author: TestUser, postId: string, body: Record<string, unknown>, key?: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/posts/${postId}/comments`,
    payload: JSON.stringify(body),
    headers: {
      'content-type': 'application/json',
      cookie: author.cookie,
      ...(key ? { 'idempotency-key': key } : {}),
    },
  });
}

async function feed(query: string, cookie = alice.cookie) {
  const res = await http.get(`/api/communities/${community.id}/posts?${query}`, cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { pinned: Summary[]; items: Summary[]; nextCursor: string | null };
}

async function notifications(): Promise<NotificationEvent[]> {
  const rows = await t.db.selectFrom('outbox').select('payload').where('topic', '=', NOTIFY_TOPIC).execute();
  return rows.map((r) => JSON.parse(r.payload) as NotificationEvent);
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  http = api(t);
  const made = await communityWithPlans(t);
  owner = made.owner;
  community = made.community;
  freePlanId = made.plans.free.id;
  alice = await memberIn(t, community, freePlanId, { user: await signedInUser(t, { displayName: 'Alice' }) });
  bob = await memberIn(t, community, freePlanId, { user: await signedInUser(t, { displayName: '小明' }) });
  moderator = await memberIn(t, community, freePlanId);
  await t.db
    .insertInto('community_roles')
    .values({
      community_id: community.id,
      user_id: moderator.id,
      role: 'moderator',
      granted_by: owner.id,
      created_at: clock.now(),
    })
    .execute();
  outsider = await signedInUser(t, { displayName: 'Outsider' });
  // Members of a week ago: the new-member link rule is tested on its own.
  await t.db
    .updateTable('memberships')
    .set({ starts_at: clock.now() - 30 * 86_400_000 })
    .where('community_id', '=', community.id)
    .execute();
});

afterAll(async () => {
  await t.close();
});

describe('posts', () => {
  it('creates a post with rendered markdown, normalised tags and a mention notification', async () => {
    const post = await newPost(alice, {
      title: '入门',
      body: '# Hi\n\nhello @小明 and @nobody-here <script>x</script>',
      tags: ['Python', '入门'],
      kind: 'question',
    });
    expect(post.state).toBe('published');
    expect(post.bodyHtml).toContain('<h1>Hi</h1>');
    expect(post.bodyHtml).not.toContain('<script>');
    expect(post.tags).toEqual(['python', '入门']);
    expect(post.body).toContain('@小明');
    const mention = (await notifications()).find((e) => e.kind === 'mention' && e.postId === post.id);
    // The unknown name is ignored without an error; the known one is told.
    expect(mention && mention.kind === 'mention' ? mention.recipientIds : []).toEqual([bob.id]);
  });

  it('refuses bad input with the field named, and a 1 MB body with 413', async () => {
    const url = `/api/communities/${community.id}/posts`;
    const empty = await http.post(url, { body: '   \n ' }, alice.cookie);
    expect(empty.statusCode).toBe(400);
    expect(fieldsOf(empty)).toEqual(['body']);
    const long = await http.post(url, { body: 'x'.repeat(20_001) }, alice.cookie);
    expect(long.statusCode).toBe(400);
    expect(fieldsOf(long)).toContain('body');
    const badTag = await http.post(url, { body: 'ok', tags: ['has space'] }, alice.cookie);
    expect(badTag.statusCode).toBe(400);
    const huge = await http.post(url, { body: 'x'.repeat(1024 * 1024) }, alice.cookie);
    expect(huge.statusCode).toBe(413);
    const unknownFile = await http.post(
      url,
      { body: 'see file', attachmentIds: ['0190f0f0-0000-7000-8000-000000000000'] },
      alice.cookie,
    );
    expect(unknownFile.statusCode).toBe(400);
    expect(fieldsOf(unknownFile)).toEqual(['attachmentIds.0']);
    const anonymous = await http.post(url, { body: 'hi' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('keeps history on edit, lets only the author or a moderator edit', async () => {
    const post = await newPost(alice, { body: 'first version' });
    const denied = await http.patch(`/api/posts/${post.id}`, { body: 'hacked' }, bob.cookie);
    expect(denied.statusCode).toBe(403);
    const edited = await http.patch(
      `/api/posts/${post.id}`,
      { body: 'second version', title: null },
      alice.cookie,
    );
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().bodyHtml).toContain('second version');
    expect(edited.json().title).toBeNull();
    const history = await http.get(`/api/posts/${post.id}/revisions`, alice.cookie);
    expect(history.json().items.map((r: { body: string }) => r.body)).toEqual(['first version']);
    // Other readers get the rendered body only.
    const read = await http.get(`/api/posts/${post.id}`, bob.cookie);
    expect(read.json().body).toBeNull();
  });

  it('soft-deletes with a reason, audited; the post is gone for members but not for moderators', async () => {
    const post = await newPost(alice);
    expect((await http.del(`/api/posts/${post.id}?reason=spam`, bob.cookie)).statusCode).toBe(403);
    expect((await http.del(`/api/posts/${post.id}?reason=spam`, moderator.cookie)).statusCode).toBe(204);
    expect((await http.get(`/api/posts/${post.id}`, alice.cookie)).statusCode).toBe(404);
    const asModerator = await http.get(`/api/posts/${post.id}`, moderator.cookie);
    expect(asModerator.json().state).toBe('deleted');
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('subject_id', '=', post.id)
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe('discussions.post.delete');
    expect(JSON.parse(audit.data)).toMatchObject({ reason: 'spam', byAuthor: false });
    expect((await feed('sort=latest&limit=50')).items.map((p) => p.id)).not.toContain(post.id);
  });

  it('pins (owner only), features (moderators) and locks comments', async () => {
    const post = await newPost(alice);
    const url = `/api/posts/${post.id}/moderation`;
    expect((await http.post(url, { pinned: true }, moderator.cookie)).statusCode).toBe(403);
    expect((await http.post(url, { featured: true }, alice.cookie)).statusCode).toBe(403);
    expect((await http.post(url, { pinned: true }, owner.cookie)).json().pinned).toBe(true);
    expect((await http.post(url, { featured: true, locked: true }, moderator.cookie)).json()).toMatchObject({
      featured: true,
      locked: true,
    });
    expect((await feed('')).pinned.map((p) => p.id)).toContain(post.id);
    expect((await feed('sort=featured')).items.map((p) => p.id)).toEqual([post.id]);
    const locked = await comment(bob, post.id, { body: 'late' });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().code).toBe('comments_locked');
    // Moderators may still speak in a locked thread.
    expect((await comment(moderator, post.id, { body: 'closing this' })).statusCode).toBe(201);
  });
});

describe('access: a non-member gets nothing of a members-only post', () => {
  it('post, comments, replies and feed are refused with join_required and no body', async () => {
    const secret = 'TOP-SECRET-CONTENT';
    const post = await newPost(alice, { title: 'Members only', body: secret });
    const c = (await comment(bob, post.id, { body: `${secret} comment` })).json() as CommentJson;
    for (const cookie of [outsider.cookie, undefined]) {
      for (const url of [
        `/api/posts/${post.id}`,
        `/api/posts/${post.id}/comments`,
        `/api/comments/${c.id}`,
        `/api/comments/${c.id}/replies`,
        `/api/communities/${community.id}/posts`,
        `/api/communities/${community.id}/posts?sort=hot`,
      ]) {
        const res = await http.get(url, cookie);
        expect(res.statusCode, url).toBe(403);
        expect(res.json().code).toBe('join_required');
        expect(res.body).not.toContain(secret);
        expect(res.body).not.toContain('Members only');
      }
    }
    const refusal = (await http.get(`/api/posts/${post.id}`, outsider.cookie)).json();
    expect(refusal.plans.map((p: { id: string }) => p.id)).toContain(freePlanId);
    // Writing is refused too.
    expect((await comment(outsider, post.id, { body: 'hi' })).statusCode).toBe(403);
    expect((await http.put(`/api/posts/${post.id}/reactions/like`, {}, outsider.cookie)).statusCode).toBe(
      403,
    );
  });

  it('an image a member uploaded into a post opens for members, not for outsiders', async () => {
    const fileId = await uploaded(t, {
      kind: 'image',
      cookie: alice.cookie,
      file: { name: 'pic.png', content: PNG, contentType: 'image/png' },
    });
    // Before it is used, the image is its uploader's alone.
    expect((await http.get(`/api/files/${fileId}`, bob.cookie)).statusCode).toBe(404);
    const post = await newPost(alice, { body: `look ![pic](/api/files/${fileId})`, attachmentIds: [fileId] });
    expect(post.bodyHtml).toContain(`src="/api/files/${fileId}"`);
    expect((await http.get(`/api/files/${fileId}`, bob.cookie)).statusCode).toBe(200);
    expect((await http.get(`/api/files/${fileId}`, outsider.cookie)).statusCode).toBe(404);
    expect((await http.get(`/api/posts/${post.id}`, bob.cookie)).json().attachments).toEqual([
      { id: fileId, name: 'pic.png', mime: 'image/png' },
    ]);
    // Someone else's file cannot be attached.
    const stolen = await http.post(
      `/api/communities/${community.id}/posts`,
      { body: 'x', attachmentIds: [fileId] },
      bob.cookie,
    );
    expect(stolen.statusCode).toBe(400);
  });

  it('a post in review is seen by its author and moderators only', async () => {
    const links = 'see https://a.example https://b.example https://c.example';
    const newcomer = await memberIn(t, community, freePlanId);
    const post = await newPost(newcomer, { body: links });
    expect(post.state).toBe('in_review');
    expect((await http.get(`/api/posts/${post.id}`, alice.cookie)).statusCode).toBe(404);
    expect((await http.get(`/api/posts/${post.id}`, newcomer.cookie)).statusCode).toBe(200);
    const queue = await http.get(`/api/communities/${community.id}/posts/review`, moderator.cookie);
    expect(queue.json().items.map((p: Summary) => p.id)).toContain(post.id);
    expect((await http.get(`/api/communities/${community.id}/posts/review`, alice.cookie)).statusCode).toBe(
      403,
    );
    expect((await feed('limit=50')).items.map((p) => p.id)).not.toContain(post.id);
    const approved = await http.post(`/api/posts/${post.id}/approve`, {}, moderator.cookie);
    expect(approved.json().state).toBe('published');
    expect((await http.post(`/api/posts/${post.id}/approve`, {}, moderator.cookie)).statusCode).toBe(409);
    expect((await http.get(`/api/posts/${post.id}`, alice.cookie)).statusCode).toBe(200);
  });

  it('an edit that adds many links sends a new member’s post back to review', async () => {
    const newcomer = await memberIn(t, community, freePlanId);
    const post = await newPost(newcomer, { body: 'harmless' });
    expect(post.state).toBe('published');
    const edited = await http.patch(
      `/api/posts/${post.id}`,
      { body: 'buy https://a.example https://b.example https://c.example' },
      newcomer.cookie,
    );
    expect(edited.json().state).toBe('in_review');
    expect((await http.get(`/api/posts/${post.id}`, alice.cookie)).statusCode).toBe(404);
    // Long-standing members edit freely.
    const old = await newPost(alice, { body: 'plain' });
    const links = await http.patch(
      `/api/posts/${old.id}`,
      { body: 'https://a.example https://b.example https://c.example' },
      alice.cookie,
    );
    expect(links.json().state).toBe('published');
  });

  it('communities that require review send every member post there; reject hides it with the reason', async () => {
    const put = await http.put(
      `/api/communities/${community.id}/discussion-settings`,
      { postsRequireReview: true },
      owner.cookie,
    );
    expect(put.statusCode, put.body).toBe(200);
    try {
      const post = await newPost(alice, { body: 'plain' });
      expect(post.state).toBe('in_review');
      const rejected = await http.post(
        `/api/posts/${post.id}/reject`,
        { reason: 'off topic' },
        moderator.cookie,
      );
      expect(rejected.json()).toMatchObject({ state: 'hidden', stateReason: 'off topic' });
      expect((await http.get(`/api/posts/${post.id}`, bob.cookie)).statusCode).toBe(404);
      const decision = (await notifications()).find(
        (e) => e.kind === 'review_decision' && e.itemId === post.id,
      );
      expect(decision).toMatchObject({ decision: 'rejected', recipientId: alice.id });
      // The team's own posts skip review.
      expect((await newPost(moderator)).state).toBe('published');
    } finally {
      await http.put(
        `/api/communities/${community.id}/discussion-settings`,
        { postsRequireReview: false },
        owner.cookie,
      );
    }
  });
});

describe('comments', () => {
  it('threads replies under their top-level comment, two levels, with "view more"', async () => {
    const post = await newPost(alice);
    const top = (await comment(bob, post.id, { body: 'top' })).json() as CommentJson;
    const r1 = (await comment(alice, post.id, { body: 'r1', parentId: top.id })).json() as CommentJson;
    const r2 = (await comment(bob, post.id, { body: 'r2', parentId: r1.id })).json() as CommentJson;
    expect(r2).toMatchObject({ parentId: r1.id, rootId: top.id, replyTo: { displayName: 'Alice' } });
    for (let i = 3; i <= 5; i++)
      expect((await comment(alice, post.id, { body: `r${i}`, parentId: top.id })).statusCode).toBe(201);
    const second = (await comment(alice, post.id, { body: 'second top' })).json() as CommentJson;

    const page = (
      await http.get(`/api/posts/${post.id}/comments?replies=2`, alice.cookie)
    ).json() as CommentPageJson;
    expect(page.items.map((i) => i.comment.id)).toEqual([top.id, second.id]);
    expect(page.items[0]?.comment.replyCount).toBe(5);
    expect(page.items[0]?.replies.map((r) => r.id)).toEqual([r1.id, r2.id]);
    expect(page.items[1]?.replies).toEqual([]);
    const more = await http.get(
      `/api/comments/${top.id}/replies?limit=2&cursor=${page.items[0]?.repliesCursor}`,
      alice.cookie,
    );
    const morePage = more.json() as { items: CommentJson[]; nextCursor: string | null };
    expect(morePage.items.map((r) => r.bodyHtml)).toEqual(['<p>r3</p>\n', '<p>r4</p>\n']);
    const last = await http.get(
      `/api/comments/${top.id}/replies?limit=2&cursor=${morePage.nextCursor}`,
      alice.cookie,
    );
    expect(last.json().items).toHaveLength(1);
    expect(last.json().nextCursor).toBeNull();

    const paged = (
      await http.get(`/api/posts/${post.id}/comments?limit=1`, alice.cookie)
    ).json() as CommentPageJson;
    expect(paged.items).toHaveLength(1);
    const next = await http.get(
      `/api/posts/${post.id}/comments?limit=1&cursor=${paged.nextCursor}`,
      alice.cookie,
    );
    expect(next.json().items.map((i: { comment: CommentJson }) => i.comment.id)).toEqual([second.id]);
    expect((await http.get(`/api/posts/${post.id}`, alice.cookie)).json().commentCount).toBe(7);
  });

  it('tells the post author of a comment and the parent author of a reply, never oneself', async () => {
    const post = await newPost(alice);
    const top = (await comment(bob, post.id, { body: 'hi @Alice' })).json() as CommentJson;
    const reply = (await comment(alice, post.id, { body: 'thanks', parentId: top.id })).json() as CommentJson;
    const events = await notifications();
    expect(events.find((e) => e.kind === 'reply' && e.commentId === top.id)).toMatchObject({
      recipientId: alice.id,
    });
    expect(events.find((e) => e.kind === 'reply' && e.commentId === reply.id)).toMatchObject({
      recipientId: bob.id,
    });
    expect(events.find((e) => e.kind === 'mention' && e.commentId === top.id)).toMatchObject({
      recipientIds: [alice.id],
    });
    const self = (await comment(alice, post.id, { body: 'note to self' })).json() as CommentJson;
    expect((await notifications()).some((e) => e.kind === 'reply' && e.commentId === self.id)).toBe(false);
  });

  it('a double submit with one Idempotency-Key makes one comment', async () => {
    const post = await newPost(alice);
    const key = 'comment-key-0001';
    const [a, b] = await Promise.all([
      comment(bob, post.id, { body: 'once' }, key),
      comment(bob, post.id, { body: 'once' }, key),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().id).toBe(b.json().id);
    const again = await comment(bob, post.id, { body: 'once' }, key);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(a.json().id);
    const count = await t.db
      .selectFrom('post_comments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('post_id', '=', post.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    expect((await http.get(`/api/posts/${post.id}`, alice.cookie)).json().commentCount).toBe(1);
  });

  it('a reply to a deleted comment is 404; an empty comment is 400', async () => {
    const post = await newPost(alice);
    const top = (await comment(bob, post.id, { body: 'soon gone' })).json() as CommentJson;
    expect((await comment(bob, post.id, { body: '  ' })).statusCode).toBe(400);
    expect((await http.del(`/api/comments/${top.id}`, alice.cookie)).statusCode).toBe(403);
    expect((await http.del(`/api/comments/${top.id}`, bob.cookie)).statusCode).toBe(204);
    const reply = await comment(alice, post.id, { body: 'reply', parentId: top.id });
    expect(reply.statusCode).toBe(404);
    const listed = (await http.get(`/api/posts/${post.id}/comments`, alice.cookie)).json() as CommentPageJson;
    expect(listed.items[0]?.comment).toMatchObject({ state: 'deleted', bodyHtml: null });
    expect(
      (await comment(alice, post.id, { body: 'x', parentId: '0190f0f0-0000-7000-8000-000000000000' }))
        .statusCode,
    ).toBe(404);
  });
});

describe('reactions and answers', () => {
  it('one reaction per member per kind, counted on the post; unknown kinds refused', async () => {
    const post = await newPost(alice);
    const url = `/api/posts/${post.id}/reactions`;
    expect((await http.put(`${url}/like`, {}, bob.cookie)).json()).toMatchObject({ reactionCount: 1 });
    expect((await http.put(`${url}/like`, {}, bob.cookie)).json()).toMatchObject({
      reactionCount: 1,
      reactions: { like: 1 },
      myReactions: ['like'],
    });
    expect((await http.put(`${url}/haha`, {}, alice.cookie)).json().reactionCount).toBe(2);
    expect((await http.put(`${url}/explode`, {}, alice.cookie)).statusCode).toBe(400);
    expect((await http.del(`${url}/like`, bob.cookie)).json()).toMatchObject({
      reactionCount: 1,
      myReactions: [],
    });
    expect((await http.del(`${url}/like`, bob.cookie)).json().reactionCount).toBe(1);
    const events = (await notifications()).filter((e) => e.kind === 'reaction' && e.postId === post.id);
    expect(events.map((e) => (e.kind === 'reaction' ? e.recipientId : ''))).toEqual([alice.id]);
  });

  it('questions: answers are top-level comments, up-voted, accepted by the asker or a moderator', async () => {
    const question = await newPost(alice, { kind: 'question', title: 'How?' });
    expect((await feed('sort=unanswered&limit=50')).items.map((p) => p.id)).toContain(question.id);
    const answer = (await comment(bob, question.id, { body: 'Like this' })).json() as CommentJson;
    const nested = (
      await comment(alice, question.id, { body: 'thanks?', parentId: answer.id })
    ).json() as CommentJson;
    expect((await feed('sort=unanswered&limit=50')).items.map((p) => p.id)).not.toContain(question.id);
    const up = await http.put(`/api/comments/${answer.id}/reactions/up`, {}, alice.cookie);
    expect(up.json()).toMatchObject({ reactionCount: 1, reactions: { up: 1 } });
    expect((await http.put(`/api/posts/${question.id}/reactions/up`, {}, bob.cookie)).statusCode).toBe(400);

    const accept = (id: string, who: TestUser) =>
      http.post(`/api/posts/${question.id}/answers/${id}/accept`, {}, who.cookie);
    expect((await accept(answer.id, bob)).statusCode).toBe(403);
    expect((await accept(nested.id, alice)).statusCode).toBe(409);
    const accepted = await accept(answer.id, alice);
    expect(accepted.json()).toMatchObject({ acceptedCommentId: answer.id, answerCount: 1 });
    const event = (await notifications()).find(
      (e) => e.kind === 'answer_accepted' && e.commentId === answer.id,
    );
    expect(event).toMatchObject({ recipientId: bob.id, actorId: alice.id });
    const listed = (await http.get(`/api/posts/${question.id}/comments`, alice.cookie)).json();
    expect(listed.items[0].comment).toMatchObject({ accepted: true, upvoteCount: 1 });

    const discussion = await newPost(alice);
    const c = (await comment(bob, discussion.id, { body: 'x' })).json() as CommentJson;
    expect(
      (await http.post(`/api/posts/${discussion.id}/answers/${c.id}/accept`, {}, alice.cookie)).statusCode,
    ).toBe(409);
  });
});

describe('feeds', () => {
  it('hot order follows the stored score; keyset pages neither skip nor repeat', async () => {
    const tag = `hot${Date.now().toString(36)}`;
    const made: PostJson[] = [];
    for (let i = 0; i < 5; i++) {
      made.push(await newPost(i % 2 === 0 ? bob : moderator, { title: `hot ${i}`, tags: [tag] }));
    }
    const [p0, p1, p2, p3, p4] = made as [PostJson, PostJson, PostJson, PostJson, PostJson];
    // The oldest gets the most engagement: reactions and comments lift it above newer posts.
    for (const who of [alice, bob, moderator, owner])
      await http.put(`/api/posts/${p0.id}/reactions/like`, {}, who.cookie);
    for (let i = 0; i < 3; i++) await comment(alice, p0.id, { body: `c${i}` });
    await http.put(`/api/posts/${p2.id}/reactions/like`, {}, alice.cookie);

    const hot = await feed(`sort=hot&tag=${tag}&limit=50`);
    expect(hot.items.map((p) => p.id)).toEqual([p0.id, p2.id, p4.id, p3.id, p1.id]);
    const latest = await feed(`sort=latest&tag=${tag}&limit=50`);
    expect(latest.items.map((p) => p.id)).toEqual([p4.id, p3.id, p2.id, p1.id, p0.id]);
    expect(latest.pinned).toEqual([]);

    for (const sort of ['hot', 'latest']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Summary[]; nextCursor: string | null } = await feed(
          `sort=${sort}&tag=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual((sort === 'hot' ? hot : latest).items.map((p) => p.id));
    }

    const byAuthor = await feed(`author=${moderator.id}&tag=${tag}`);
    expect(byAuthor.items.map((p) => p.id)).toEqual([p3.id, p1.id]);
    const bad = await http.get(`/api/communities/${community.id}/posts?cursor=nonsense`, alice.cookie);
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['cursor']);
    expect(
      (await http.get(`/api/communities/${community.id}/posts?sort=random`, alice.cookie)).statusCode,
    ).toBe(400);
  });

  it('the hot feed is an index scan (SQLite query plan)', async () => {
    if (t.deps.dialect !== 'sqlite') return;
    const { sql } = await import('kysely');
    const plan = await sql<{ detail: string }>`explain query plan
      select id from posts where community_id = ${community.id} and state = 'published'
      order by hot_score desc, id desc limit 21`.execute(t.db);
    const details = plan.rows.map((r) => r.detail).join('\n');
    expect(details).toContain('posts_hot');
    expect(details).not.toContain('TEMP B-TREE');
  });

  it('a later page of the hot feed seeks to its cursor instead of walking from the top (SQLite query plan)', async () => {
    if (t.deps.dialect !== 'sqlite') return;
    const { sql } = await import('kysely');
    const plan = await sql<{ detail: string }>`explain query plan
      select id from posts where community_id = ${community.id} and state = 'published'
      and hot_score <= ${1.5} and (hot_score, id) < (${1.5}, ${'zzz'})
      order by hot_score desc, id desc limit 21`.execute(t.db);
    const details = plan.rows.map((r) => r.detail).join('\n');
    expect(details).toMatch(/posts_hot \(community_id=\? AND state=\? AND .*hot_score/);
    expect(details).not.toContain('TEMP B-TREE');
  });
});

describe('rate limits', () => {
  it('posting past the per-user limit answers 429 with Retry-After', async () => {
    const posts = new PostsService({
      db: t.db,
      clock,
      outbox: t.deps.outbox,
      access: t.app.services.access,
      limiter: new MemoryRateLimiter(() => clock.now()),
      search: { index: async () => {}, remove: async () => {} },
      limits: { posts: { limit: 2, windowMs: 60_000 } },
    });
    const row = await t.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', owner.id)
      .executeTakeFirstOrThrow();
    const actor = {
      kind: 'user' as const,
      sessionId: 'test',
      ip: null,
      user: {
        id: row.id,
        email: row.email,
        displayName: row.display_name,
        locale: row.locale,
        role: row.role,
        emailVerifiedAt: row.email_verified_at,
        createdAt: row.created_at,
      },
    };
    await posts.createPost(actor, community.id, { body: 'one' });
    await posts.createPost(actor, community.id, { body: 'two' });
    const third = await posts.createPost(actor, community.id, { body: 'three' }).catch((e: unknown) => e);
    expect(third).toMatchObject({ status: 429, code: 'rate_limited' });
    expect((third as { headers: Record<string, string> }).headers['retry-after']).toBe('60');
  });
});
