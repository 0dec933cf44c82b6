import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterNavLink } from 'react-router';
import { useMe } from '../../features/accounts/hooks';

/** The main sections, shown in the header from tablet width up. */
export function NavLinks() {
  const { t } = useTranslation();
  const { data: user } = useMe();
  return (
    <Group gap={4} visibleFrom="sm" component="nav" aria-label={t('nav.main')} ml="md">
      <Button component={RouterNavLink} to="/" end variant="subtle" color="gray" size="sm">
        {t('nav.home')}
      </Button>
      <Button component={RouterNavLink} to="/discover" variant="subtle" color="gray" size="sm">
        {t('discover.nav')}
      </Button>
      {user && (
        <Button component={RouterNavLink} to="/studio" variant="subtle" color="gray" size="sm">
          {t('studio.nav')}
        </Button>
      )}
      {user && (
        <Button component={RouterNavLink} to="/profile" variant="subtle" color="gray" size="sm">
          {t('nav.profile')}
        </Button>
      )}
      {user?.role === 'operator' && (
        <Button component={RouterNavLink} to="/admin" variant="subtle" color="gray" size="sm">
          {t('admin.nav')}
        </Button>
      )}
    </Group>
  );
}
