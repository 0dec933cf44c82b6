import { Divider, NavLink, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useMe } from '../../features/accounts/hooks';

/** The same destinations as the header, for narrow screens. */
export function MobileNav() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const { data: user } = useMe();
  const item = (to: string, label: string) => (
    <NavLink key={to} component={Link} to={to} label={label} active={pathname === to} />
  );

  return (
    <Stack gap={4} component="nav" aria-label={t('nav.main')}>
      {item('/', t('nav.home'))}
      {item('/discover', t('discover.nav'))}
      {user && item('/studio', t('studio.nav'))}
      {user && item('/profile', t('nav.profile'))}
      {user && item('/me/orders', t('nav.orders'))}
      {user?.role === 'operator' && item('/admin', t('admin.nav'))}
      {!user && (
        <>
          <Divider my="xs" />
          {item('/login', t('nav.login'))}
          {item('/register', t('nav.register'))}
        </>
      )}
    </Stack>
  );
}
