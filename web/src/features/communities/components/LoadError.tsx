import { Alert, Button, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../ui/error-message';

/** A failed load, with the reason and a way to try again. */
export function LoadError({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" align="flex-start">
      <Alert color="red" variant="light" title={t('errors.loadFailed')} role="alert" w="100%">
        {errorMessage(t, error)}
      </Alert>
      {retry && (
        <Button variant="light" size="xs" onClick={retry}>
          {t('common.retry')}
        </Button>
      )}
    </Stack>
  );
}
