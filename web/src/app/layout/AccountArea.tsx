import { Avatar, Button, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useLogout, useMe } from '../../features/accounts/hooks';
import { ChevronDownIcon } from '../../ui/icons';

/** The user menu when signed in; log-in and sign-up links otherwise. */
export function AccountArea() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: user, isPending } = useMe();
  const logout = useLogout();

  if (isPending) return null;
  if (!user) {
    return (
      <Group gap="xs" visibleFrom="sm" wrap="nowrap">
        <Button component={Link} to="/login" variant="subtle" size="sm">
          {t('nav.login')}
        </Button>
        <Button component={Link} to="/register" size="sm">
          {t('nav.register')}
        </Button>
      </Group>
    );
  }

  const signOut = () => {
    // Leave the page before forgetting the user. A plain navigation is a React transition, and
    // `me` turning null would otherwise re-render a signed-in-only page first (e.g. /profile),
    // whose guard then sends the browser to /login?next=/profile instead of home.
    navigate('/', { replace: true, flushSync: true });
    logout.mutate();
  };

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t('nav.userMenu', { name: user.displayName })}>
          <Group gap={6} wrap="nowrap">
            <Avatar size={30} radius="xl" color="teal" name={user.displayName} />
            <Text size="sm" fw={500} visibleFrom="sm" maw={140} truncate>
              {user.displayName}
            </Text>
            <ChevronDownIcon size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user.email}</Menu.Label>
        <Menu.Item component={Link} to="/profile">
          {t('nav.profile')}
        </Menu.Item>
        <Menu.Item component={Link} to="/me/orders">
          {t('nav.orders')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" onClick={signOut}>
          {t('nav.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
