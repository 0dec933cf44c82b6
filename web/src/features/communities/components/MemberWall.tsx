import { Button, Card, Container, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LockIcon } from '../../../ui/icons';
import type { Community } from '../types';

/** The members' area of a community, seen by someone who has not joined. */
export function MemberWall({ community }: { community: Community }) {
  const { t } = useTranslation();
  return (
    <Container size="sm" py="xl">
      <Card withBorder radius="lg" padding="xl" data-testid="access-wall">
        <Stack gap="md">
          <ThemeIcon size={48} radius="xl" variant="light" color="orange">
            <LockIcon size={24} />
          </ThemeIcon>
          <Title order={1} size="h2">
            {t('community.home.wallTitle')}
          </Title>
          <Text c="dimmed">{t('community.home.wallText', { name: community.name })}</Text>
          <Button component={Link} to={`/c/${community.slug}`} size="md">
            {t('lesson.wall.join', { name: community.name })}
          </Button>
        </Stack>
      </Card>
    </Container>
  );
}
