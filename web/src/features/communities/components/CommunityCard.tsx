import { Badge, Card, Group, Image, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { UsersIcon } from '../../../ui/icons';
import { htmlToText } from '../html-text';
import { formatPriceRange } from '../money';
import type { CommunitySummary } from '../types';
import { CommunityAvatar } from './CommunityAvatar';

/** One community in the discover list: cover, avatar, name, members and prices. */
export function CommunityCard({ community }: { community: CommunitySummary }) {
  const { t } = useTranslation();
  const range = community.priceRange;
  const excerpt = htmlToText(community.descriptionHtml);
  const price =
    range === null
      ? null
      : range.maxMinor === 0
        ? t('community.plan.free')
        : formatPriceRange(range, currentLanguage());

  return (
    <Card
      component={Link}
      to={`/c/${community.slug}`}
      withBorder
      radius="md"
      padding="lg"
      data-testid="community-card"
      aria-label={community.name}
    >
      <Card.Section>
        {community.coverFileId ? (
          <Image src={`/api/files/${community.coverFileId}`} h={120} alt="" />
        ) : (
          <div
            style={{
              height: 120,
              background: 'linear-gradient(135deg, var(--mantine-color-teal-6), var(--mantine-color-cyan-4))',
            }}
          />
        )}
      </Card.Section>
      <Group mt={-28} mb="xs" align="flex-end" wrap="nowrap">
        <CommunityAvatar name={community.name} fileId={community.avatarFileId} size={56} />
      </Group>
      <Stack gap={6}>
        <Text fw={700} fz="lg" lineClamp={1}>
          {community.name}
        </Text>
        {excerpt && (
          <Text fz="sm" c="dimmed" lineClamp={2}>
            {excerpt}
          </Text>
        )}
        <Group gap="xs" c="dimmed" fz="sm" wrap="nowrap">
          <UsersIcon size={16} />
          <Text span fz="sm">
            {t('community.memberCount', { count: community.memberCount })}
          </Text>
        </Group>
        <Group gap={6} mt={4}>
          {price && (
            <Badge variant="light" color={range?.maxMinor === 0 ? 'green' : 'teal'} size="lg" tt="none">
              {price}
            </Badge>
          )}
          {community.category && (
            <Badge variant="outline" color="gray" tt="none">
              {community.category}
            </Badge>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
