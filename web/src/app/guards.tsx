import { Alert, Button, Container, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useSearchParams } from 'react-router';
import { useMe, useSetupStatus } from '../features/accounts/hooks';
import { loginPathFor, safeNextPath } from '../features/accounts/next-path';
import { errorMessage } from '../ui/error-message';
import { PageLoader } from '../ui/PageLoader';

function LoadFailed({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useTranslation();
  return (
    <Container size="sm" py="xl">
      <Stack>
        <Alert color="red" variant="light" title={t('errors.loadFailed')} role="alert">
          {errorMessage(t, error)}
        </Alert>
        <Button variant="light" onClick={retry}>
          {t('common.retry')}
        </Button>
      </Stack>
    </Container>
  );
}

/** Until the operator account exists, every page leads to /setup; afterwards /setup leads home. */
export function SetupGate({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const setup = useSetupStatus();
  const me = useMe();
  if (setup.isPending || me.isPending) return <PageLoader />;
  if (setup.isError) return <LoadFailed error={setup.error} retry={() => void setup.refetch()} />;
  const onSetup = pathname === '/setup';
  if (setup.data.needed && !onSetup) return <Navigate to="/setup" replace />;
  if (!setup.data.needed && onSetup) return <Navigate to="/" replace />;
  return children;
}

/** Pages for signed-in people: visitors go to the log-in page and come back afterwards. */
export function RequireAuth() {
  const location = useLocation();
  const me = useMe();
  if (me.isPending) return <PageLoader />;
  if (me.isError) return <LoadFailed error={me.error} retry={() => void me.refetch()} />;
  if (!me.data) return <Navigate to={loginPathFor(location.pathname + location.search)} replace />;
  return <Outlet />;
}

/** Log-in and sign-up pages: someone already signed in goes where they were heading. */
export function GuestOnly() {
  const [search] = useSearchParams();
  const me = useMe();
  if (me.isPending) return <PageLoader />;
  if (me.data) return <Navigate to={safeNextPath(search)} replace />;
  return <Outlet />;
}
