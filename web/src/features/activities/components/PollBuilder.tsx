import { ActionIcon, Button, Group, NumberInput, Select, Stack, Switch, TextInput } from '@mantine/core';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { fromLocalInput } from '../../studio/datetime';
import { useCreatePoll } from '../hooks';
import type { CreatePollInput, Poll } from '../types';

export const MAX_POLL_OPTIONS = 20;

/** What the builder edits; `pollDraftToInput` turns it into the API's body. */
export interface PollDraft {
  question: string;
  options: string[];
  multiple: boolean;
  maxChoices: number | null;
  anonymous: boolean;
  resultsVisibility: 'after_vote' | 'after_close';
  /** The value of a datetime-local input; empty: open until closed by hand. */
  closesAt: string;
}

export const emptyPollDraft = (): PollDraft => ({
  question: '',
  options: ['', ''],
  multiple: false,
  maxChoices: null,
  anonymous: false,
  resultsVisibility: 'after_vote',
  closesAt: '',
});

/** Ready to send: a question and at least two non-empty options. */
export const isPollDraftComplete = (draft: PollDraft): boolean =>
  draft.question.trim() !== '' && draft.options.filter((o) => o.trim() !== '').length >= 2;

/** The API body for a draft, attached to `postId` when given (a discussion post's poll). */
export function pollDraftToInput(draft: PollDraft, postId?: string): CreatePollInput {
  const options = draft.options.map((o) => o.trim()).filter((o) => o !== '');
  const closesAt = fromLocalInput(draft.closesAt);
  return {
    question: draft.question.trim(),
    options,
    multiple: draft.multiple,
    ...(draft.multiple && draft.maxChoices ? { maxChoices: draft.maxChoices } : {}),
    anonymous: draft.anonymous,
    resultsVisibility: draft.resultsVisibility,
    ...(closesAt !== null ? { closesAt } : {}),
    ...(postId ? { postId } : {}),
  };
}

/**
 * The fields of a new poll, controlled by its parent: the discussions composer keeps a draft
 * beside the post and creates the poll with the post's id once the post exists.
 */
export function PollBuilder({ value, onChange }: { value: PollDraft; onChange: (draft: PollDraft) => void }) {
  const { t } = useTranslation();
  const set = (patch: Partial<PollDraft>) => onChange({ ...value, ...patch });
  // Options have no ids until saved: stable keys keep each input (and its focus) in place on removal.
  const keys = useRef<number[]>([]);
  const nextKey = useRef(0);
  if (keys.current.length !== value.options.length) keys.current = value.options.map(() => nextKey.current++);
  const addOption = () => {
    keys.current = [...keys.current, nextKey.current++];
    set({ options: [...value.options, ''] });
  };
  const removeOption = (index: number) => {
    keys.current = keys.current.filter((_, i) => i !== index);
    set({ options: value.options.filter((_, i) => i !== index) });
  };
  const setOption = (index: number, label: string) =>
    set({ options: value.options.map((o, i) => (i === index ? label : o)) });

  return (
    <Stack gap="sm" data-testid="poll-builder">
      <TextInput
        label={t('activities.pollBuilder.question')}
        value={value.question}
        maxLength={300}
        required
        onChange={(e) => set({ question: e.currentTarget.value })}
      />
      {value.options.map((option, index) => (
        <Group key={keys.current[index]} gap="xs" wrap="nowrap" align="flex-end">
          <TextInput
            style={{ flex: 1 }}
            label={t('activities.pollBuilder.option', { n: index + 1 })}
            value={option}
            maxLength={100}
            onChange={(e) => setOption(index, e.currentTarget.value)}
          />
          {value.options.length > 2 && (
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={t('activities.pollBuilder.removeOption', { n: index + 1 })}
              onClick={() => removeOption(index)}
            >
              ×
            </ActionIcon>
          )}
        </Group>
      ))}
      {value.options.length < MAX_POLL_OPTIONS && (
        <Button variant="subtle" size="xs" w="fit-content" onClick={addOption}>
          {t('activities.pollBuilder.addOption')}
        </Button>
      )}
      <Group gap="lg">
        <Switch
          label={t('activities.pollBuilder.multiple')}
          checked={value.multiple}
          onChange={(e) => set({ multiple: e.currentTarget.checked })}
        />
        <Switch
          label={t('activities.pollBuilder.anonymous')}
          checked={value.anonymous}
          onChange={(e) => set({ anonymous: e.currentTarget.checked })}
        />
      </Group>
      {value.multiple && (
        <NumberInput
          label={t('activities.pollBuilder.maxChoices')}
          description={t('activities.pollBuilder.maxChoicesHint')}
          min={1}
          max={value.options.length}
          value={value.maxChoices ?? ''}
          onChange={(n) => set({ maxChoices: typeof n === 'number' ? n : null })}
        />
      )}
      <Select
        label={t('activities.pollBuilder.resultsVisibility')}
        value={value.resultsVisibility}
        allowDeselect={false}
        data={[
          { value: 'after_vote', label: t('activities.pollBuilder.afterVote') },
          { value: 'after_close', label: t('activities.pollBuilder.afterClose') },
        ]}
        onChange={(v) => set({ resultsVisibility: v === 'after_close' ? 'after_close' : 'after_vote' })}
      />
      <TextInput
        type="datetime-local"
        label={t('activities.pollBuilder.closesAt')}
        description={t('activities.pollBuilder.closesAtHint')}
        value={value.closesAt}
        onChange={(e) => set({ closesAt: e.currentTarget.value })}
      />
    </Stack>
  );
}

/** A poll on its own (not attached to a post): the builder and a create button. */
export function NewPollForm({
  communityId,
  postId,
  onCreated,
}: {
  communityId: string;
  postId?: string;
  onCreated?: (poll: Poll) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<PollDraft>(emptyPollDraft);
  const create = useCreatePoll(communityId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(pollDraftToInput(draft, postId), {
      onSuccess: (poll) => {
        setDraft(emptyPollDraft());
        onCreated?.(poll);
      },
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <PollBuilder value={draft} onChange={setDraft} />
        <FormError message={create.isError ? errorMessage(t, create.error) : null} />
        <Button
          type="submit"
          w="fit-content"
          disabled={!isPollDraftComplete(draft)}
          loading={create.isPending}
        >
          {t('activities.pollBuilder.create')}
        </Button>
      </Stack>
    </form>
  );
}
