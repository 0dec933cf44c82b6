import { Alert, Button, Center, Loader, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../ui/error-message';

/** A section's loading spinner or its error with a retry button. */
export function QueryState({ error, retry }: { error?: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  if (!error) {
    return (
      <Center py="xl">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  return (
    <Stack align="flex-start">
      <Alert color="red" variant="light" title={t('errors.loadFailed')} role="alert" w="100%">
        {errorMessage(t, error)}
      </Alert>
      {retry && (
        <Button variant="light" onClick={retry}>
          {t('common.retry')}
        </Button>
      )}
    </Stack>
  );
}
