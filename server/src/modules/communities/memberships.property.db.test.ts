import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  communityWithPlans,
  memberCounts,
  signedInUser,
  type TestUser,
} from '../../../test/community-fixtures.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import type { UserActor } from '../../platform/actor.js';
import { ManualClock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { DAY_MS } from './membership-terms.js';

const clock = new ManualClock(Date.UTC(2026, 5, 1));
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(async () => {
  await t.close();
});

const actorOf = (u: TestUser): UserActor => ({
  kind: 'user',
  sessionId: 's',
  ip: null,
  user: {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    locale: 'en',
    role: 'user',
    emailVerifiedAt: 0,
    createdAt: 0,
  },
});

const step = fc.oneof(
  fc.record({
    op: fc.constant('grant' as const),
    user: fc.nat(2),
    source: fc.nat(4),
    plan: fc.constantFrom('year', 'monthly', 'free'),
  }),
  fc.record({ op: fc.constant('extend' as const), user: fc.nat(2), days: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('revoke' as const), user: fc.nat(2) }),
  fc.record({ op: fc.constant('ban' as const), user: fc.nat(2) }),
  fc.record({ op: fc.constant('unban' as const), user: fc.nat(2) }),
  fc.record({ op: fc.constant('expire' as const), days: fc.integer({ min: 1, max: 400 }) }),
);

it('member_count equals the active memberships, and each grant source applies once', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
      const { owner, community, plans } = await communityWithPlans(t);
      const users = await Promise.all([signedInUser(t), signedInUser(t), signedInUser(t)]);
      const service = t.app.services.memberships;
      const ownerActor = actorOf(owner);
      const sources = new Set<string>();
      for (const s of steps) {
        try {
          const user = 'user' in s ? users[s.user] : undefined;
          if (s.op === 'grant' && user) {
            const id = `${community.id}:${s.source}`;
            await service.grantMembership({
              communityId: community.id,
              userId: user.id,
              planId: plans[s.plan].id,
              source: { kind: 'order', id },
              actorId: null,
            });
            sources.add(id);
          } else if (s.op === 'extend' && user) {
            await service.extend(ownerActor, community.id, user.id, {
              days: s.days,
              requestId: `req-${Math.random()}`,
            });
          } else if (s.op === 'revoke' && user) {
            await service.revoke(ownerActor, community.id, user.id, 'r');
          } else if (s.op === 'ban' && user) {
            await service.ban(ownerActor, community.id, user.id, 'b');
          } else if (s.op === 'unban' && user) {
            await service.unban(ownerActor, community.id, user.id);
          } else if (s.op === 'expire') {
            clock.advance(s.days * DAY_MS);
            await service.expireDue();
          }
        } catch (err) {
          // Refusals (banned, not a member…) are part of the game; anything else is a bug.
          if (!(err instanceof AppError)) throw err;
        }
        const counts = await memberCounts(t, community.id);
        expect(counts.memberCount).toBe(counts.active);
      }
      const applied = await t.db
        .selectFrom('membership_events')
        .select(['source_id'])
        .where('community_id', '=', community.id)
        .where('source_kind', '=', 'order')
        .execute();
      const ids = applied.map((e) => e.source_id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(sources.has(id ?? '')).toBe(true);
    }),
    { numRuns: 15 },
  );
});
