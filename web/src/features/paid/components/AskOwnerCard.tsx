import { Button, Card, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { formatMoney } from '../../communities/money';
import { usePaidSettings } from '../hooks';

/**
 * On a community's members' home, while the owner takes paid questions: the price, the promise
 * (answered within N days or refunded), and the way to ask; the owner gets the way to the inbox.
 */
export function AskOwnerCard({
  communityId,
  slug,
  isOwner,
}: {
  communityId: string;
  slug: string;
  isOwner: boolean;
}) {
  const { t } = useTranslation();
  const settings = usePaidSettings(communityId);
  const data = settings.data;
  if (!data?.questions.enabled) return null;
  const price = formatMoney(data.questions.priceMinor, data.currency, currentLanguage());
  return (
    <Card
      withBorder
      radius="md"
      component="section"
      aria-labelledby="ask-owner-title"
      data-testid="ask-owner"
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id="ask-owner-title">
          {isOwner ? t('paid.ask.ownerTitle') : t('paid.ask.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('paid.ask.promise', { count: data.questions.answerDays, price })}
        </Text>
        <Button component={Link} to={`/c/${slug}/questions${isOwner ? '?tab=inbox' : ''}`} variant="light">
          {isOwner ? t('paid.ask.openInbox') : t('paid.ask.cta')}
        </Button>
      </Stack>
    </Card>
  );
}
