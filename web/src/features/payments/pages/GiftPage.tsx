import { Alert, Button, Card, Container, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../api/errors';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { PageLoader } from '../../../ui/PageLoader';
import { useMe } from '../../accounts/hooks';
import { loginPathFor } from '../../accounts/next-path';
import { LoadError } from '../../communities/components/LoadError';
import { useDocumentTitle } from '../../communities/use-document-title';
import { useGift, useRedeemGift } from '../hooks';

/** A gift link: what it gives, a prompt to sign in, and the button that redeems it once. */
export function GiftPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const gift = useGift(token);
  const me = useMe();
  const redeem = useRedeemGift(token);
  useDocumentTitle(t('gifts.redeem.title'));

  if (gift.isPending || me.isPending) return <PageLoader />;
  if (gift.isError) {
    const invalid = isApiError(gift.error) && gift.error.status === 404;
    return (
      <Container size="sm" py="xl">
        {invalid ? (
          <Alert color="gray" variant="light" title={t('gifts.redeem.invalidTitle')}>
            {t('gifts.redeem.invalidText')}
          </Alert>
        ) : (
          <LoadError error={gift.error} retry={() => void gift.refetch()} />
        )}
      </Container>
    );
  }
  const { community, plan } = gift.data;
  const home = `/c/${community.slug}/home`;
  const mine = gift.data.redeemedByYou || redeem.isSuccess;
  const here = `/gift/${token}`;

  return (
    <Container size="sm" py="xl">
      <Stack gap="lg">
        <Title order={1}>{t('gifts.redeem.title')}</Title>
        <Card withBorder radius="md" padding="lg">
          <Stack gap="md">
            <Text fz="lg" fw={600} data-testid="gift-community">
              {community.name}
            </Text>
            <Text>
              {plan.termDays
                ? t('gifts.redeem.planTerm', { plan: plan.name, days: plan.termDays })
                : t('gifts.redeem.plan', { plan: plan.name })}
            </Text>
            {mine ? (
              <Alert color="teal" variant="light" title={t('gifts.redeem.doneTitle')} role="status">
                <Stack gap="sm">
                  <Text fz="sm">{t('gifts.redeem.doneText', { name: community.name })}</Text>
                  <Group>
                    <Button component={Link} to={home} size="sm">
                      {t('gifts.redeem.enter')}
                    </Button>
                  </Group>
                </Stack>
              </Alert>
            ) : gift.data.state === 'redeemed' ? (
              <Alert color="gray" variant="light">
                {t('gifts.redeem.taken')}
              </Alert>
            ) : gift.data.state === 'void' ? (
              <Alert color="gray" variant="light">
                {t('gifts.redeem.voided')}
              </Alert>
            ) : !me.data ? (
              <Stack gap="sm">
                <Text fz="sm">{t('gifts.redeem.signInFirst')}</Text>
                <Group>
                  <Button component={Link} to={loginPathFor(here)}>
                    {t('gifts.redeem.logIn')}
                  </Button>
                  <Button
                    component={Link}
                    to={`/register?next=${encodeURIComponent(here)}`}
                    variant="default"
                  >
                    {t('gifts.redeem.signUp')}
                  </Button>
                </Group>
              </Stack>
            ) : (
              <Stack gap="sm">
                <FormError message={redeem.isError ? errorMessage(t, redeem.error) : null} />
                <Group>
                  <Button onClick={() => redeem.mutate()} loading={redeem.isPending}>
                    {t('gifts.redeem.button')}
                  </Button>
                </Group>
              </Stack>
            )}
          </Stack>
        </Card>
      </Stack>
    </Container>
  );
}
