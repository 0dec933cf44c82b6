/**
 * The post and comment facts search's access rule reads from `search_documents` (post state and
 * author, comment state: migration 0015) are a copy of the live rows. These tests write through
 * the discussions API and straight to the tables, and after every write compare each document's
 * copy with its rows and what search shows with what the rows allow.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  type CommunityFixture,
  communityWithPlans,
  memberIn,
  type TestUser,
} from '../../../test/community-fixtures.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import * as m0015 from '../../db/migrations/0015-search-post-state.js';
import { ManualClock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { JiebaSearchIndexer } from '../../platform/search/indexer.js';

const MINUTE = 60_000;
const clock = new ManualClock(Date.UTC(2026, 4, 1, 8, 0, 0));
let t: TestApp;
let http: ReturnType<typeof api>;
let owner: TestUser;
let alice: TestUser;
let bob: TestUser;
let moderator: TestUser;
let community: CommunityFixture;

/** Every post and comment document's copied facts next to what its live rows say. */
async function expectFactsMatchRows(): Promise<void> {
  const docs = await t.db
    .selectFrom('search_documents')
    .select(['kind', 'id', 'post_state', 'post_author_id', 'comment_state'])
    .where('kind', 'in', ['post', 'comment'])
    .execute();
  const posts = new Map(
    (await t.db.selectFrom('posts').select(['id', 'state', 'author_id']).execute()).map((p) => [p.id, p]),
  );
  const comments = new Map(
    (await t.db.selectFrom('post_comments').select(['id', 'state', 'post_id']).execute()).map((c) => [
      c.id,
      c,
    ]),
  );
  expect(docs.length).toBeGreaterThan(0);
  for (const d of docs) {
    const comment = d.kind === 'comment' ? comments.get(d.id) : undefined;
    const post = posts.get(d.kind === 'post' ? d.id : (comment?.post_id ?? ''));
    expect(
      { post_state: d.post_state, post_author_id: d.post_author_id, comment_state: d.comment_state },
      `${d.kind} ${d.id}`,
    ).toEqual({
      post_state: post?.state ?? null,
      post_author_id: post?.author_id ?? null,
      comment_state: comment?.state ?? null,
    });
  }
}

async function found(q: string, user: TestUser): Promise<string[]> {
  const res = await http.get(`/api/search?q=${encodeURIComponent(q)}&community=${community.id}`, user.cookie);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: { id: string }[] }).items.map((i) => i.id).sort();
}

async function newPost(author: TestUser, body: string): Promise<{ id: string; state: string }> {
  clock.advance(MINUTE);
  const res = await http.post(
    `/api/communities/${community.id}/posts`,
    { title: '帖子', body },
    author.cookie,
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; state: string };
}

async function newComment(author: TestUser, postId: string, body: string): Promise<string> {
  clock.advance(MINUTE);
  const res = await http.post(`/api/posts/${postId}/comments`, { body }, author.cookie);
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  http = api(t);
  const made = await communityWithPlans(t);
  owner = made.owner;
  community = made.community;
  alice = await memberIn(t, community, made.plans.free.id);
  bob = await memberIn(t, community, made.plans.free.id);
  moderator = await memberIn(t, community, made.plans.free.id);
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
  await t.db
    .updateTable('memberships')
    .set({ starts_at: clock.now() - 30 * 86_400_000 })
    .where('community_id', '=', community.id)
    .execute();
});

afterAll(async () => {
  await t.close();
});

describe('post and comment facts on search documents', () => {
  it('follow review, approval, rejection, comments and deletion through the API', async () => {
    await http.put(
      `/api/communities/${community.id}/discussion-settings`,
      { postsRequireReview: true },
      owner.cookie,
    );
    const waiting = await newPost(alice, '火山摄影的第一篇');
    const rejected = await newPost(alice, '火山摄影的第二篇');
    expect([waiting.state, rejected.state]).toEqual(['in_review', 'in_review']);
    await http.put(
      `/api/communities/${community.id}/discussion-settings`,
      { postsRequireReview: false },
      owner.cookie,
    );
    expect(await found('火山摄影', bob)).toEqual([]);

    expect((await http.post(`/api/posts/${waiting.id}/approve`, {}, moderator.cookie)).statusCode).toBe(200);
    expect(
      (await http.post(`/api/posts/${rejected.id}/reject`, { reason: 'off topic' }, moderator.cookie))
        .statusCode,
    ).toBe(200);
    await expectFactsMatchRows();
    expect(await found('火山摄影', bob)).toEqual([waiting.id]);

    const reply = await newComment(bob, waiting.id, '火山摄影真好看');
    await expectFactsMatchRows();
    expect(await found('火山摄影', alice)).toEqual([waiting.id, reply].sort());

    expect((await http.del(`/api/comments/${reply}`, bob.cookie)).statusCode).toBe(204);
    await expectFactsMatchRows();
    expect(await found('火山摄影', alice)).toEqual([waiting.id]);

    const second = await newComment(bob, waiting.id, '火山摄影再来一张');
    expect(await found('火山摄影', alice)).toEqual([waiting.id, second].sort());
    // Deleting the post hides its comments' documents too (they stay indexed, marked deleted).
    expect((await http.del(`/api/posts/${waiting.id}`, alice.cookie)).statusCode).toBe(204);
    await expectFactsMatchRows();
    const doc = await t.db
      .selectFrom('search_documents')
      .select(['post_state', 'comment_state'])
      .where('kind', '=', 'comment')
      .where('id', '=', second)
      .executeTakeFirstOrThrow();
    expect(doc).toEqual({ post_state: 'deleted', comment_state: 'published' });
    for (const viewer of [alice, bob, moderator, owner]) expect(await found('火山摄影', viewer)).toEqual([]);
  });

  it('follow any write to the rows, in the writing transaction', async () => {
    const indexer = new JiebaSearchIndexer(clock);
    const post = await newPost(alice, '冰川徒步的路线');
    const reply = await newComment(bob, post.id, '冰川徒步要带冰爪');
    const setPost = (state: 'published' | 'in_review' | 'hidden' | 'deleted') =>
      t.db.updateTable('posts').set({ state }).where('id', '=', post.id).execute();

    // Each state, as a moderator tool or a future path would write it.
    const seen: Record<string, { alice: string[]; bob: string[]; moderator: string[] }> = {};
    for (const state of ['hidden', 'in_review', 'deleted', 'published'] as const) {
      await setPost(state);
      await expectFactsMatchRows();
      seen[state] = {
        alice: await found('冰川徒步', alice),
        bob: await found('冰川徒步', bob),
        moderator: await found('冰川徒步', moderator),
      };
    }
    const both = [post.id, reply].sort();
    expect(seen).toEqual({
      hidden: { alice: both, bob: [], moderator: both },
      in_review: { alice: both, bob: [], moderator: both },
      deleted: { alice: [], bob: [], moderator: [] },
      published: { alice: both, bob: both, moderator: both },
    });

    // A new author, a hidden comment, a re-indexed document.
    await t.db
      .updateTable('posts')
      .set({ author_id: bob.id, state: 'hidden' })
      .where('id', '=', post.id)
      .execute();
    await t.db.updateTable('post_comments').set({ state: 'hidden' }).where('id', '=', reply).execute();
    await expectFactsMatchRows();
    expect(await found('冰川徒步', bob)).toEqual([post.id]);
    expect(await found('冰川徒步', alice)).toEqual([]);
    await indexer.index(t.db, {
      kind: 'post',
      id: post.id,
      communityId: community.id,
      parentId: null,
      title: '帖子',
      text: '冰川徒步的路线，修订',
      authorId: bob.id,
      createdAt: clock.now(),
    });
    await expectFactsMatchRows();

    // A write that rolls back leaves the copy as it was.
    await expect(
      t.db.transaction().execute(async (tx) => {
        await tx.updateTable('posts').set({ state: 'published' }).where('id', '=', post.id).execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await expectFactsMatchRows();
    expect(await found('冰川徒步', alice)).toEqual([]);

    // Rows that go away: the documents read as if they had no rows (nothing matches them).
    await t.db.deleteFrom('post_comments').where('id', '=', reply).execute();
    await t.db.deleteFrom('post_files').where('post_id', '=', post.id).execute();
    await t.db.deleteFrom('post_revisions').where('post_id', '=', post.id).execute();
    await t.db.deleteFrom('posts').where('id', '=', post.id).execute();
    await expectFactsMatchRows();
    expect(await found('冰川徒步', moderator)).toEqual([]);
  });

  it('a document written before its post gets the post facts when the post is written', async () => {
    const id = newId();
    await new JiebaSearchIndexer(clock).index(t.db, {
      kind: 'post',
      id,
      communityId: community.id,
      parentId: null,
      title: '',
      text: '沙漠星空',
      authorId: alice.id,
      createdAt: clock.now(),
    });
    await expectFactsMatchRows();
    expect(await found('沙漠星空', alice)).toEqual([]);
    await t.db
      .insertInto('posts')
      .values({
        id,
        community_id: community.id,
        author_id: alice.id,
        kind: 'discussion',
        title: null,
        body: '沙漠星空',
        body_html: '',
        tags: '[]',
        state: 'published',
        pinned: 0,
        featured: 0,
        locked: 0,
        reaction_count: 0,
        comment_count: 0,
        answer_count: 0,
        accepted_comment_id: null,
        hot_score: 0,
        state_reason: null,
        edited_at: null,
        last_activity_at: clock.now(),
        created_at: clock.now(),
        updated_at: clock.now(),
      })
      .execute();
    await expectFactsMatchRows();
    expect(await found('沙漠星空', bob)).toEqual([id]);
  });

  it('the migration copies the facts of documents indexed before it', async () => {
    const post = await newPost(alice, '极光观测指南');
    const reply = await newComment(bob, post.id, '极光观测要看天气');
    await t.db.updateTable('posts').set({ state: 'hidden' }).where('id', '=', post.id).execute();
    // As before the migration: the columns empty.
    await sql`update search_documents set post_state = null, post_author_id = null, comment_state = null`.execute(
      t.db,
    );
    expect(await found('极光观测', alice)).toEqual([]);
    await m0015.copySearchFacts(t.db);
    await expectFactsMatchRows();
    expect(await found('极光观测', alice)).toEqual([post.id, reply].sort());
    expect(await found('极光观测', bob)).toEqual([]);
  });
});
