import { Anchor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { AuthCard } from '../../../ui/AuthCard';
import { AccountForm } from '../components/AccountForm';
import { useRegister } from '../hooks';
import { safeNextPath } from '../next-path';

export function RegisterPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const register = useRegister();

  return (
    <AuthCard
      title={t('register.title')}
      subtitle={t('register.subtitle')}
      footer={
        <>
          {t('register.haveAccount')}{' '}
          <Anchor component={Link} to={`/login${search.size ? `?${search}` : ''}`}>
            {t('register.loginLink')}
          </Anchor>
        </>
      }
    >
      <AccountForm
        submitLabel={t('register.submit')}
        onSubmit={async (input) => {
          await register.mutateAsync(input);
          navigate(safeNextPath(search), { replace: true });
        }}
      />
    </AuthCard>
  );
}
