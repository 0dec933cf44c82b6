import { Alert, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../../api/errors';
import { AuthCard } from '../../../ui/AuthCard';
import { AccountForm } from '../components/AccountForm';
import { accountKeys, useSetupOperator } from '../hooks';

/** First run: the person installing Zhishe creates the operator account. */
export function SetupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const setup = useSetupOperator();

  return (
    <AuthCard title={t('setup.title')} subtitle={t('setup.subtitle')}>
      <Stack gap="md">
        <Alert variant="light" color="teal" title={t('setup.noticeTitle')}>
          <Text size="sm">{t('setup.notice')}</Text>
        </Alert>
        <AccountForm
          submitLabel={t('setup.submit')}
          onSubmit={async (input) => {
            await setup.mutateAsync(input);
            navigate('/', { replace: true });
          }}
          onError={(error) => {
            // Someone else finished setup meanwhile: re-check, and the gate moves on.
            if (isApiError(error) && error.code === 'setup_done') {
              void queryClient.invalidateQueries({ queryKey: accountKeys.setup });
            }
          }}
        />
      </Stack>
    </AuthCard>
  );
}
