import { Alert, Container } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { PageLoader } from '../../ui/PageLoader';
import { useMe } from '../accounts/hooks';
import { loginPathFor } from '../accounts/next-path';

/** The operator's pages: visitors sign in first; anyone else is told the area is not theirs. */
export function RequireOperator() {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();
  if (me.isPending) return <PageLoader />;
  if (!me.data) return <Navigate to={loginPathFor(location.pathname + location.search)} replace />;
  if (me.data.role !== 'operator')
    return (
      <Container size="sm" py="xl">
        <Alert color="red" variant="light" role="alert" title={t('admin.forbiddenTitle')}>
          {t('admin.forbidden')}
        </Alert>
      </Container>
    );
  return <Outlet />;
}
