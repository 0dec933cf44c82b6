import { Button, Group, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../ui/error-message';
import { REACTIONS, type Reactions } from '../types';

interface ReactionBarProps {
  reactions: Record<string, number>;
  mine: string[];
  disabled?: boolean;
  /** Also offer the up-vote (answers). */
  upvote?: boolean;
  onToggle: (kind: string, on: boolean) => Promise<Reactions>;
}

/** Like and a few emoji, each a toggle with its count; the server's answer is the new state. */
export function ReactionBar({ reactions, mine, disabled, upvote, onToggle }: ReactionBarProps) {
  const { t } = useTranslation();
  const [state, setState] = useState({ reactions, mine });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const kinds = [...(upvote ? [{ kind: 'up', emoji: '⬆️' }] : []), ...REACTIONS];

  const toggle = async (kind: string) => {
    const on = !state.mine.includes(kind);
    setBusy(kind);
    setError(null);
    try {
      const next = await onToggle(kind, on);
      setState({ reactions: next.reactions, mine: next.myReactions });
    } catch (caught) {
      setError(errorMessage(t, caught));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Group gap={4} wrap="wrap">
      {kinds.map(({ kind, emoji }) => {
        const count = state.reactions[kind] ?? 0;
        const pressed = state.mine.includes(kind);
        return (
          <Tooltip key={kind} label={error && busy === null ? error : t(`discussions.reaction.${kind}`)}>
            <Button
              size="compact-xs"
              variant={pressed ? 'light' : 'subtle'}
              color={pressed ? 'blue' : 'gray'}
              aria-pressed={pressed}
              aria-label={t('discussions.reactionLabel', { name: t(`discussions.reaction.${kind}`), count })}
              loading={busy === kind}
              disabled={disabled}
              onClick={() => void toggle(kind)}
            >
              {/* The first kind also says its name: readable where emoji fonts are missing. */}
              {emoji}
              {kind === kinds[0]?.kind ? ` ${t(`discussions.reaction.${kind}`)}` : ''}
              {count > 0 ? ` ${count}` : ''}
            </Button>
          </Tooltip>
        );
      })}
    </Group>
  );
}
