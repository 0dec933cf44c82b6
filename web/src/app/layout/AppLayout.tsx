import { AppShell, Burger, Group } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation } from 'react-router';
import { NotificationBell } from '../../features/notifications/components/NotificationBell';
import { HeaderSearch } from '../../features/search/components/HeaderSearch';
import { SetupGate } from '../guards';
import { AccountArea } from './AccountArea';
import { Brand } from './Brand';
import { LanguageMenu } from './LanguageMenu';
import { MobileNav } from './MobileNav';
import { NavLinks } from './NavLinks';
import { ThemeToggle } from './ThemeToggle';

export function AppLayout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const [navOpened, nav] = useDisclosure(false);

  useEffect(() => {
    document.title = t('app.title');
  }, [t]);

  // Close the mobile menu whenever the page changes.
  useEffect(() => {
    if (pathname) nav.close();
  }, [pathname, nav]);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !navOpened, desktop: true } }}
      padding={0}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navOpened}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('nav.toggleMenu')}
            />
            <Brand />
            <NavLinks />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <HeaderSearch />
            <LanguageMenu />
            <ThemeToggle />
            <NotificationBell />
            <AccountArea />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="md">
        <MobileNav />
      </AppShell.Navbar>
      <AppShell.Main>
        <SetupGate>
          <Outlet />
        </SetupGate>
      </AppShell.Main>
    </AppShell>
  );
}
