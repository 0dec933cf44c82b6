import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../accounts/hooks';
import { useMyMemberships } from '../hooks';

/** The signed-in person's communities, active and pending, as quick links to their homes. */
export function MyCommunities() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const mine = useMyMemberships(Boolean(me));
  const items = (mine.data?.items ?? []).filter(
    (item) => item.membership.state === 'active' || item.membership.state === 'pending',
  );
  if (!me || items.length === 0) return null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="my-communities-title">
      <Title order={2} size="h4" id="my-communities-title">
        {t('discover.mine')}
      </Title>
      <Group gap="sm">
        {items.map(({ community, membership }) => (
          <Card
            key={community.id}
            component={Link}
            to={membership.state === 'active' ? `/c/${community.slug}/home` : `/c/${community.slug}`}
            withBorder
            radius="md"
            padding="sm"
          >
            <Group gap="xs" wrap="nowrap">
              <Text fw={600}>{community.name}</Text>
              {membership.state === 'pending' && (
                <Badge size="sm" variant="light" color="yellow" tt="none">
                  {t('discover.pending')}
                </Badge>
              )}
            </Group>
          </Card>
        ))}
      </Group>
    </Stack>
  );
}
