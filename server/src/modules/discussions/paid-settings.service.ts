import type { Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { canManageCommunity } from '../access/access.rules.js';
import * as cq from '../communities/communities.queries.js';
import { requireUserId } from './discussions.context.js';
import { type PaidDeps, settingsOf, tipBounds } from './paid.context.js';
import * as q from './paid.queries.js';
import type { PaidSettingsDto, PaidSettingsInput } from './paid.schemas.js';

/** The owner's prices for paid questions and whether tips are on; what members see before paying. */
export class PaidSettingsService {
  constructor(private readonly deps: PaidDeps) {}

  async get(_actor: Actor, communityId: string): Promise<PaidSettingsDto> {
    // Prices are public, like plans' (an unlisted community is still open to whoever has its link).
    if (!(await cq.findCommunityById(this.deps.db, communityId))) throw notFound('community');
    return this.present(communityId);
  }

  async update(actor: Actor, communityId: string, input: PaidSettingsInput): Promise<PaidSettingsDto> {
    const userId = requireUserId(actor);
    const { db, clock } = this.deps;
    if (!(await cq.findCommunityById(db, communityId))) throw notFound('community');
    const viewer = await this.deps.access.viewer(actor, communityId);
    if (!canManageCommunity(viewer))
      throw forbidden('forbidden', 'Only the owner sets the prices of questions and tips.');
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      const current = await settingsOf(tx, communityId);
      const next = {
        currency: input.currency ?? current.currency,
        questionsEnabled: input.questionsEnabled ?? current.questionsEnabled,
        questionPriceMinor: input.questionPriceMinor ?? current.questionPriceMinor,
        questionAnswerDays: input.questionAnswerDays ?? current.questionAnswerDays,
        tipsEnabled: input.tipsEnabled ?? current.tipsEnabled,
      };
      await q.upsertSettings(tx, {
        community_id: communityId,
        currency: next.currency,
        questions_enabled: next.questionsEnabled ? 1 : 0,
        question_price_minor: next.questionPriceMinor,
        question_answer_days: next.questionAnswerDays,
        tips_enabled: next.tipsEnabled ? 1 : 0,
        updated_at: now,
      });
      await recordAudit(
        tx,
        {
          actorId: userId,
          action: 'paid_settings.set',
          subjectType: 'community',
          subjectId: communityId,
          data: { before: current, after: next },
          ...(actor.kind === 'user' && actor.ip ? { ip: actor.ip } : {}),
        },
        now,
      );
    });
    return this.present(communityId);
  }

  private async present(communityId: string): Promise<PaidSettingsDto> {
    const settings = await settingsOf(this.deps.db, communityId);
    return {
      communityId,
      currency: settings.currency,
      questions: {
        enabled: settings.questionsEnabled,
        priceMinor: settings.questionPriceMinor,
        answerDays: settings.questionAnswerDays,
      },
      tips: { enabled: settings.tipsEnabled, ...tipBounds },
      providers: (await this.deps.providers.forCommunity(communityId)).names(),
    };
  }
}
