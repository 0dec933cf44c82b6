import { Avatar, Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { formatMoney } from '../../communities/money';
import { useTipSummary } from '../hooks';
import { TipButton } from './TipButton';

/** Avatars show this many tippers; the count says how many there are in all. */
const AVATARS_SHOWN = 8;

const initial = (name: string) => Array.from(name.trim())[0]?.toUpperCase() ?? '?';

/**
 * Under a post: who tipped it ("3 people tipped" with their initials), the total for the author
 * and the owner only (the API gives it to them alone), and the Tip button when the viewer may tip.
 */
export function TipSummaryBar({
  communityId,
  postId,
  authorName,
}: {
  communityId: string;
  postId: string;
  authorName: string;
}) {
  const { t } = useTranslation();
  const summary = useTipSummary(postId);
  const data = summary.data;
  if (!data || (data.count === 0 && !data.canTip)) return null;
  return (
    <Group gap="sm" data-testid="tip-summary">
      {data.canTip && <TipButton communityId={communityId} postId={postId} recipientName={authorName} />}
      {data.count > 0 && (
        <Group gap="xs">
          <Tooltip.Group openDelay={200}>
            <Avatar.Group spacing="xs">
              {data.tippers.slice(0, AVATARS_SHOWN).map((person) => (
                <Tooltip key={person.id} label={person.displayName} withArrow>
                  <Avatar size="sm" radius="xl" color="orange" alt={person.displayName}>
                    {initial(person.displayName)}
                  </Avatar>
                </Tooltip>
              ))}
            </Avatar.Group>
          </Tooltip.Group>
          <Text size="sm" c="dimmed" data-testid="tip-count">
            {t('paid.tip.count', { count: data.count })}
          </Text>
          {data.totalMinor !== null && (
            <Text size="sm" fw={600} c="orange" data-testid="tip-total">
              {t('paid.tip.total', {
                amount: formatMoney(data.totalMinor, data.currency, currentLanguage()),
              })}
            </Text>
          )}
        </Group>
      )}
    </Group>
  );
}
