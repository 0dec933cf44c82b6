import { renderMarkdown } from '../../platform/markdown.js';
import { canManageCommunity, type Viewer } from '../access/access.rules.js';
import type { QuestionRow, TipRow } from './paid.queries.js';
import type { PaidQuestionDto, TipDto } from './paid.schemas.js';

/** A paid question for this viewer: its order only for the asker and the owner. */
export function presentQuestion(row: QuestionRow, viewer: Viewer): PaidQuestionDto {
  const asker = viewer.userId !== null && viewer.userId === row.asker_id;
  const owner = viewer.userId !== null && viewer.userId === row.owner_id;
  return {
    id: row.id,
    communityId: row.community_id,
    asker: { id: row.asker_id, displayName: row.asker_name },
    body: row.body,
    bodyHtml: renderMarkdown(row.body),
    public: row.public === 1,
    state: row.state,
    priceMinor: Number(row.price_minor),
    currency: row.currency,
    answerDays: row.answer_days,
    dueAt: row.due_at === null ? null : Number(row.due_at),
    answer:
      row.answer_body !== null && row.answered_by !== null && row.answered_at !== null
        ? {
            body: row.answer_body,
            bodyHtml: renderMarkdown(row.answer_body),
            answeredBy: { id: row.answered_by, displayName: row.answerer_name ?? '' },
            answeredAt: Number(row.answered_at),
          }
        : null,
    orderId: asker || canManageCommunity(viewer) ? row.order_id : null,
    createdAt: Number(row.created_at),
    abilities: { answer: owner && row.state === 'open', setPublic: asker },
  };
}

export const presentTip = (row: TipRow): TipDto => ({
  id: row.id,
  postId: row.post_id,
  commentId: row.comment_id,
  recipient: { id: row.recipient_id, displayName: row.recipient_name },
  amountMinor: Number(row.amount_minor),
  currency: row.currency,
  message: row.message,
  state: row.state,
  createdAt: Number(row.created_at),
});
