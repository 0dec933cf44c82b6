import {
  Alert,
  Avatar,
  Badge,
  Button,
  Card,
  Container,
  Grid,
  Group,
  Image,
  RingProgress,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { formatDateTime } from '../../../ui/format';
import { PageLoader } from '../../../ui/PageLoader';
import { LoadError } from '../../communities/components/LoadError';
import { RichText } from '../../communities/components/RichText';
import { useDocumentTitle } from '../../communities/use-document-title';
import { AttachImages } from '../components/AttachImages';
import { ActivityLoadError, BackToCommunity } from '../components/CommunityGate';
import { HeatMap } from '../components/HeatMap';
import { addDays, maxDate, minDate } from '../dates';
import { useCalendar, useChallenge, useCheckIn, useCheckins, useLeaderboard } from '../hooks';
import type { Challenge, MyChallengeStats } from '../types';
import { PHASE_COLORS } from './ChallengesPage';

/** The heat-map shows at most this many days (the API's limit is 400). */
const HEATMAP_DAYS = 371;

/** One challenge: your streak and completion, the check-in form, the leaderboard, heat-maps and the feed. */
export function ChallengePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const challenge = useChallenge(id);
  const [selectedUser, setSelectedUser] = useState<{ id: string; name: string } | null>(null);
  useDocumentTitle(challenge.data?.title);
  if (challenge.isPending) return <PageLoader />;
  if (challenge.isError)
    return <ActivityLoadError error={challenge.error} retry={() => void challenge.refetch()} />;
  const c = challenge.data;
  return (
    <Container size="lg" py="xl">
      <Stack gap="lg">
        <BackToCommunity idOrSlug={c.communityId} />
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={1}>{c.title}</Title>
            <Badge variant="light" color={PHASE_COLORS[c.phase]}>
              {t(`activities.challenges.phase.${c.phase}`)}
            </Badge>
          </Group>
          <Text c="dimmed" fz="sm">
            {t('activities.challenges.dates', { start: c.startDate, end: c.endDate })} ·{' '}
            {t(`activities.challenges.cadence.${c.cadence}`)} ·{' '}
            {t('activities.challenges.participants', { count: c.participantCount })} ·{' '}
            {t('activities.challenges.today', { date: c.today, zone: c.timezone })}
          </Text>
        </Stack>
        {c.descriptionHtml && <RichText html={c.descriptionHtml} />}
        <Grid gap="xl">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="lg">
              {c.me && <MyStats stats={c.me} />}
              <CheckinForm challenge={c} />
              <Card withBorder radius="md" component="section" aria-labelledby="heatmap-title">
                <Title order={2} size="h4" id="heatmap-title" mb="sm">
                  {selectedUser
                    ? t('activities.heatmap.titleOf', { name: selectedUser.name })
                    : t('activities.heatmap.title')}
                </Title>
                <ChallengeHeatMap challenge={c} userId={selectedUser?.id} label={selectedUser?.name} />
                {selectedUser && (
                  <Button variant="subtle" size="xs" mt="xs" onClick={() => setSelectedUser(null)}>
                    {t('activities.heatmap.showMine')}
                  </Button>
                )}
              </Card>
              <CheckinFeed challengeId={c.id} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Leaderboard challengeId={c.id} onSelect={(id, name) => setSelectedUser({ id, name })} />
          </Grid.Col>
        </Grid>
      </Stack>
    </Container>
  );
}

function MyStats({ stats }: { stats: MyChallengeStats }) {
  const { t } = useTranslation();
  const percent = Math.round(stats.completionRate * 100);
  return (
    <Card withBorder radius="md" component="section" aria-labelledby="my-stats-title">
      <Title order={2} size="h4" id="my-stats-title" mb="sm">
        {t('activities.challenges.myProgress')}
      </Title>
      <Group gap="xl" wrap="wrap">
        <RingProgress
          size={96}
          thickness={9}
          roundCaps
          sections={[{ value: percent, color: 'teal' }]}
          label={
            <Text ta="center" fz="sm" fw={700}>
              {percent}%
            </Text>
          }
          aria-label={t('activities.challenges.completion', { percent })}
        />
        <SimpleGrid cols={3} spacing="lg">
          <Stat
            value={stats.currentStreak}
            label={t('activities.challenges.currentStreak')}
            testId="current-streak"
          />
          <Stat
            value={stats.longestStreak}
            label={t('activities.challenges.longestStreak')}
            testId="longest-streak"
          />
          <Stat
            value={stats.checkinCount}
            label={t('activities.challenges.checkins')}
            testId="checkin-count"
          />
        </SimpleGrid>
      </Group>
    </Card>
  );
}

function Stat({ value, label, testId }: { value: number; label: string; testId: string }) {
  return (
    <Stack gap={0} align="center">
      <Text fz={28} fw={700} data-testid={testId}>
        {value}
      </Text>
      <Text fz="xs" c="dimmed">
        {label}
      </Text>
    </Stack>
  );
}

function CheckinForm({ challenge }: { challenge: Challenge }) {
  const { t } = useTranslation();
  const checkIn = useCheckIn(challenge.id);
  const [body, setBody] = useState('');
  const [fileIds, setFileIds] = useState<string[]>([]);
  const done = challenge.me?.checkedInThisPeriod ?? false;
  if (!challenge.abilities.checkIn)
    return (
      <Alert variant="light" color="gray">
        {challenge.phase === 'upcoming'
          ? t('activities.challenges.notStarted', { date: challenge.startDate })
          : t('activities.challenges.over')}
      </Alert>
    );
  if (done)
    return (
      <Alert variant="light" color="teal" data-testid="checked-in">
        {challenge.cadence === 'weekly'
          ? t('activities.challenges.doneThisWeek')
          : t('activities.challenges.doneToday')}
      </Alert>
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    checkIn.mutate(
      { body, fileIds },
      {
        onSuccess: () => {
          setBody('');
          setFileIds([]);
        },
      },
    );
  };
  return (
    <Card withBorder radius="md" component="form" onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Textarea
          label={
            challenge.cadence === 'weekly'
              ? t('activities.challenges.checkinLabelWeekly')
              : t('activities.challenges.checkinLabel')
          }
          placeholder={t('activities.challenges.checkinPlaceholder')}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          autosize
          minRows={3}
          maxLength={5000}
        />
        <AttachImages value={fileIds} onChange={setFileIds} />
        <FormError message={checkIn.isError ? errorMessage(t, checkIn.error) : null} />
        <Button
          type="submit"
          w="fit-content"
          loading={checkIn.isPending}
          disabled={body.trim() === '' && fileIds.length === 0}
        >
          {t('activities.challenges.checkIn')}
        </Button>
      </Stack>
    </Card>
  );
}

function ChallengeHeatMap({
  challenge,
  userId,
  label,
}: {
  challenge: Challenge;
  userId?: string;
  label?: string;
}) {
  const { t } = useTranslation();
  // The whole challenge when it fits; otherwise the stretch up to today (or its end).
  const lastShown = minDate(challenge.endDate, addDays(challenge.startDate, HEATMAP_DAYS - 1));
  const to = challenge.today > lastShown ? minDate(challenge.today, challenge.endDate) : lastShown;
  const from = maxDate(challenge.startDate, addDays(to, -(HEATMAP_DAYS - 1)));
  const calendar = useCalendar(challenge.communityId, userId, { challengeId: challenge.id, from, to });
  if (calendar.isPending) return <Skeleton h={110} />;
  if (calendar.isError) return <LoadError error={calendar.error} retry={() => void calendar.refetch()} />;
  return (
    <HeatMap
      from={from}
      to={to}
      days={calendar.data.days}
      label={label ?? t('activities.heatmap.title')}
      today={challenge.today}
    />
  );
}

function Leaderboard({
  challengeId,
  onSelect,
}: {
  challengeId: string;
  onSelect: (id: string, name: string) => void;
}) {
  const { t } = useTranslation();
  const board = useLeaderboard(challengeId);
  const items = board.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card withBorder radius="md" component="section" aria-labelledby="leaderboard-title">
      <Title order={2} size="h4" id="leaderboard-title" mb="sm">
        {t('activities.leaderboard.title')}
      </Title>
      {board.isPending && <Skeleton h={120} />}
      {board.isError && <LoadError error={board.error} retry={() => void board.refetch()} />}
      {board.isSuccess && items.length === 0 && <Text c="dimmed">{t('activities.leaderboard.empty')}</Text>}
      {items.length > 0 && (
        <Table verticalSpacing={6} data-testid="leaderboard">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>{t('activities.leaderboard.member')}</Table.Th>
              <Table.Th ta="right">{t('activities.challenges.checkins')}</Table.Th>
              <Table.Th ta="right">{t('activities.challenges.currentStreak')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((entry) => (
              <Table.Tr key={entry.user.id} data-testid="leaderboard-row">
                <Table.Td>{entry.rank}</Table.Td>
                <Table.Td>
                  <UnstyledButton
                    onClick={() => onSelect(entry.user.id, entry.user.displayName)}
                    aria-label={t('activities.leaderboard.showHeatmap', { name: entry.user.displayName })}
                  >
                    <Group gap="xs" wrap="nowrap">
                      <Avatar name={entry.user.displayName} color="initials" radius="xl" size={26} />
                      <Text fz="sm" truncate>
                        {entry.user.displayName}
                      </Text>
                    </Group>
                  </UnstyledButton>
                </Table.Td>
                <Table.Td ta="right">{entry.checkinCount}</Table.Td>
                <Table.Td ta="right">{entry.currentStreak}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {board.hasNextPage && (
        <Button variant="subtle" size="xs" mt="sm" onClick={() => void board.fetchNextPage()}>
          {t('activities.more')}
        </Button>
      )}
    </Card>
  );
}

function CheckinFeed({ challengeId }: { challengeId: string }) {
  const { t } = useTranslation();
  const feed = useCheckins(challengeId);
  const language = currentLanguage();
  const items = feed.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card withBorder radius="md" component="section" aria-labelledby="feed-title">
      <Title order={2} size="h4" id="feed-title" mb="sm">
        {t('activities.challenges.feed')}
      </Title>
      {feed.isError && <LoadError error={feed.error} retry={() => void feed.refetch()} />}
      {feed.isSuccess && items.length === 0 && <Text c="dimmed">{t('activities.challenges.feedEmpty')}</Text>}
      <Stack gap="md">
        {items.map((checkin) => (
          <Stack key={checkin.id} gap={4} data-testid="checkin-item">
            <Group gap="xs">
              <Avatar name={checkin.user.displayName} color="initials" radius="xl" size={24} />
              <Text fz="sm" fw={500}>
                {checkin.user.displayName}
              </Text>
              <Text fz="xs" c="dimmed">
                {checkin.date} · {formatDateTime(checkin.createdAt, language)}
              </Text>
            </Group>
            {checkin.body && (
              <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {checkin.body}
              </Text>
            )}
            {checkin.fileIds.length > 0 && (
              <Group gap="xs">
                {checkin.fileIds.map((fileId) => (
                  <Image
                    key={fileId}
                    src={`/api/files/${fileId}`}
                    w={96}
                    h={96}
                    radius="sm"
                    fit="cover"
                    alt=""
                  />
                ))}
              </Group>
            )}
          </Stack>
        ))}
      </Stack>
      {feed.hasNextPage && (
        <Button variant="subtle" size="xs" mt="sm" onClick={() => void feed.fetchNextPage()}>
          {t('activities.more')}
        </Button>
      )}
    </Card>
  );
}
