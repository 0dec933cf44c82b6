import {
  Badge,
  Button,
  Card,
  Container,
  Group,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BookIcon, ChatIcon, LiveIcon, ServerIcon, TrophyIcon, UsersIcon } from '../../../ui/icons';
import { VerifyEmailNotice } from '../components/VerifyEmailNotice';
import { useMe } from '../hooks';

const FEATURES: { key: string; icon: ComponentType<{ size?: number }>; color: string }[] = [
  { key: 'communities', icon: UsersIcon, color: 'teal' },
  { key: 'courses', icon: BookIcon, color: 'blue' },
  { key: 'discussions', icon: ChatIcon, color: 'violet' },
  { key: 'live', icon: LiveIcon, color: 'red' },
  { key: 'engagement', icon: TrophyIcon, color: 'yellow' },
  { key: 'selfHosted', icon: ServerIcon, color: 'gray' },
];

function FeatureGrid({ showSoon }: { showSoon: boolean }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg">
      {FEATURES.map(({ key, icon: Icon, color }) => (
        <Card key={key} withBorder radius="md" padding="lg">
          <Group justify="space-between" mb="sm">
            <ThemeIcon variant="light" color={color} size={40} radius="md">
              <Icon size={22} />
            </ThemeIcon>
            {showSoon && key !== 'selfHosted' && (
              <Badge variant="light" color="gray" size="sm">
                {t('home.comingSoon')}
              </Badge>
            )}
          </Group>
          <Text fw={600} mb={4}>
            {t(`home.features.${key}.title`)}
          </Text>
          <Text size="sm" c="dimmed">
            {t(`home.features.${key}.text`)}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const { data: user } = useMe();

  return (
    <Container size="lg" py={{ base: 'lg', sm: 48 }}>
      <Stack gap={48}>
        {user ? (
          <Stack gap="md">
            <Title order={1} fz={{ base: 28, sm: 40 }}>
              {t('home.member.title', { name: user.displayName })}
            </Title>
            <Text size="lg" c="dimmed" maw={640}>
              {user.role === 'operator' ? t('home.member.operatorText') : t('home.member.text')}
            </Text>
            <VerifyEmailNotice user={user} />
            <Group>
              <Button component={Link} to="/profile" variant="light">
                {t('home.member.profileCta')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Stack gap="md" align="flex-start">
            <Badge variant="light" size="lg">
              {t('home.guest.eyebrow')}
            </Badge>
            <Title order={1} fz={{ base: 32, sm: 48 }} lh={1.15} maw={760}>
              {t('home.guest.title')}
            </Title>
            <Text size="lg" c="dimmed" maw={640}>
              {t('home.guest.text')}
            </Text>
            <Group mt="sm">
              <Button component={Link} to="/register" size="md">
                {t('home.guest.registerCta')}
              </Button>
              <Button component={Link} to="/login" size="md" variant="default">
                {t('home.guest.loginCta')}
              </Button>
            </Group>
          </Stack>
        )}
        <Stack gap="md">
          <Title order={2} size="h3">
            {t('home.featuresTitle')}
          </Title>
          <FeatureGrid showSoon={Boolean(user)} />
        </Stack>
      </Stack>
    </Container>
  );
}
