/** What other features use: the poll widget and builder (the discussions composer and post page). */
export {
  emptyPollDraft,
  isPollDraftComplete,
  NewPollForm,
  PollBuilder,
  type PollDraft,
  pollDraftToInput,
} from './components/PollBuilder';
export { PollCard } from './components/PollCard';
export { useCreatePoll, usePolls } from './hooks';
export type { Poll } from './types';
