import { Alert, Button, Card, Container, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { PageLoader } from '../../../ui/PageLoader';
import { LoadError } from '../../communities/components/LoadError';
import { formatMoney } from '../../communities/money';
import { useDocumentTitle } from '../../communities/use-document-title';
import { useOrder, useTestPayment } from '../hooks';
import { awaitsPayment } from '../order-state';
import type { TestOutcome } from '../types';

/** The test provider's checkout: no money moves; the buyer decides whether the payment succeeds. */
export function TestPaymentPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { orderId = '' } = useParams();
  const order = useOrder(orderId);
  const payment = useTestPayment(orderId);
  useDocumentTitle(t('payments.testProvider.title'));

  if (order.isPending) return <PageLoader />;
  if (order.isError) {
    return (
      <Container size="xs" py="xl">
        <LoadError error={order.error} retry={() => void order.refetch()} />
      </Container>
    );
  }
  // Settled already (e.g. the back button): the order page says how it ended.
  if (!awaitsPayment(order.data.state) && !payment.isPending)
    return <Navigate to={`/orders/${orderId}`} replace />;

  const settle = (outcome: TestOutcome) =>
    payment.mutate(outcome, { onSuccess: () => navigate(`/orders/${orderId}`, { replace: true }) });
  const { amountMinor, currency, item } = order.data;

  return (
    <Container size="xs" py="xl">
      <Card withBorder radius="md" padding="xl">
        <Stack gap="md">
          <Title order={1} size="h2">
            {t('payments.testProvider.title')}
          </Title>
          <Alert color="yellow" variant="light">
            {t('payments.testProvider.notice')}
          </Alert>
          <Stack gap={2}>
            <Text c="dimmed">{item.name}</Text>
            <Text fw={700} fz={32} data-testid="test-payment-amount">
              {formatMoney(amountMinor, currency, currentLanguage())}
            </Text>
          </Stack>
          <FormError message={payment.isError ? errorMessage(t, payment.error) : null} />
          <Group grow>
            <Button
              color="red"
              variant="default"
              onClick={() => settle('fail')}
              loading={payment.isPending && payment.variables === 'fail'}
              disabled={payment.isPending}
            >
              {t('payments.testProvider.fail')}
            </Button>
            <Button
              onClick={() => settle('succeed')}
              loading={payment.isPending && payment.variables === 'succeed'}
              disabled={payment.isPending}
            >
              {t('payments.testProvider.pay')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </Container>
  );
}
