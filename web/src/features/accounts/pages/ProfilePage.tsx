import { Avatar, Container, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageLoader } from '../../../ui/PageLoader';
import { ChangePasswordCard } from '../components/ChangePasswordCard';
import { ProfileDetailsCard } from '../components/ProfileDetailsCard';
import { SessionsCard } from '../components/SessionsCard';
import { VerifyEmailNotice } from '../components/VerifyEmailNotice';
import { useMe } from '../hooks';

export function ProfilePage() {
  const { t } = useTranslation();
  const me = useMe();
  const user = me.data;
  if (!user) return <PageLoader />;

  return (
    <Container size="md" py="xl">
      <Stack gap="lg">
        <Group gap="md" wrap="nowrap">
          <Avatar size="lg" radius="xl" color="teal" name={user.displayName} />
          <div>
            <Title order={1} fz={{ base: 24, sm: 30 }}>
              {t('profile.title')}
            </Title>
            <Text c="dimmed" data-testid="profile-display-name">
              {user.displayName}
            </Text>
          </div>
        </Group>
        <VerifyEmailNotice user={user} />
        <ProfileDetailsCard key={user.id} user={user} />
        <ChangePasswordCard />
        <SessionsCard />
      </Stack>
    </Container>
  );
}
