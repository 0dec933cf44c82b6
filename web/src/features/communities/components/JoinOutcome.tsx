import { Alert, Button, Group, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Community, JoinResult } from '../types';
import { RichText } from './RichText';

/** What happened after pressing Join: welcome, awaiting payment, or awaiting the owner. */
export function JoinOutcome({ result, community }: { result: JoinResult; community: Community }) {
  const { t } = useTranslation();
  if (result.next === 'payment') {
    return (
      <Alert color="yellow" variant="light" title={t('community.join.pendingPaymentTitle')} role="status">
        {t('community.join.pendingPayment')}
      </Alert>
    );
  }
  if (result.next === 'approval') {
    return (
      <Alert color="blue" variant="light" title={t('community.join.requestSentTitle')} role="status">
        {t('community.join.requestSent')}
      </Alert>
    );
  }
  return (
    <Alert
      color="teal"
      variant="light"
      title={t('community.join.welcomeTitle', { name: community.name })}
      role="status"
    >
      <Stack gap="sm">
        {community.welcomeMessageHtml ? (
          <RichText html={community.welcomeMessageHtml} />
        ) : (
          t('community.join.welcomeDefault')
        )}
        <Group>
          <Button component={Link} to={`/c/${community.slug}/home`} size="xs">
            {t('community.goHome')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
