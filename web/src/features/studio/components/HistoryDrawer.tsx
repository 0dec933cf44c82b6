import { Button, Drawer, Stack, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { formatDateTime } from '../../../ui/format';
import { useMemberHistory } from '../hooks';
import type { Member } from '../types';
import { QueryState } from './QueryState';
import { MemberStateBadge } from './StatusBadge';

/** A membership's history, newest first: every change, who made it and why. */
export function HistoryDrawer({
  communityId,
  member,
  onClose,
}: {
  communityId: string;
  member: Member | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const history = useMemberHistory(communityId, member?.userId ?? null);
  const events = history.data?.pages.flatMap((page) => page.items) ?? [];
  const language = currentLanguage();

  return (
    <Drawer
      opened={member !== null}
      onClose={onClose}
      position="right"
      title={member ? t('studio.members.historyTitle', { name: member.displayName }) : ''}
    >
      {history.isSuccess ? (
        <Stack gap="md">
          {events.length === 0 ? (
            <Text c="dimmed">{t('studio.members.historyEmpty')}</Text>
          ) : (
            <Timeline bulletSize={14} lineWidth={2}>
              {events.map((event) => (
                <Timeline.Item
                  key={event.id}
                  title={
                    i18n.exists(`studio.members.events.${event.kind}`)
                      ? t(`studio.members.events.${event.kind}`)
                      : event.kind
                  }
                >
                  <Stack gap={4}>
                    <MemberStateBadge state={event.toState} />
                    {event.actorName && (
                      <Text size="sm">{t('studio.members.actorShown', { name: event.actorName })}</Text>
                    )}
                    {event.reason && (
                      <Text size="sm">{t('studio.members.reasonShown', { reason: event.reason })}</Text>
                    )}
                    <Text size="xs" c="dimmed">
                      {formatDateTime(event.createdAt, language)}
                    </Text>
                  </Stack>
                </Timeline.Item>
              ))}
            </Timeline>
          )}
          {history.hasNextPage && (
            <Button
              variant="default"
              onClick={() => void history.fetchNextPage()}
              loading={history.isFetchingNextPage}
            >
              {t('studio.loadMore')}
            </Button>
          )}
        </Stack>
      ) : (
        member && <QueryState error={history.error} retry={() => void history.refetch()} />
      )}
    </Drawer>
  );
}
