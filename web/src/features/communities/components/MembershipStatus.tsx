import { Alert, Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { formatDate } from '../../../ui/format';
import type { Community, Viewer } from '../types';

/**
 * The viewer's standing in the community, when it decides what the plans section offers:
 * a member, a pending request or payment, banned, full, or invitation only. Null otherwise.
 */
export function MembershipStatus({
  community,
  viewer,
  hasInvite,
}: {
  community: Community;
  viewer: Viewer;
  hasInvite: boolean;
}) {
  const { t } = useTranslation();
  const membership = viewer.membership;

  if (viewer.isMember || viewer.role) {
    const until = membership?.endsAt
      ? t('community.status.memberUntil', { date: formatDate(membership.endsAt, currentLanguage()) })
      : null;
    return (
      <Alert color="teal" variant="light" title={t('community.status.memberTitle')} role="status">
        <Group justify="space-between" gap="sm">
          <span>{until ?? t('community.status.member')}</span>
          <Button component={Link} to={`/c/${community.slug}/home`} size="xs">
            {t('community.goHome')}
          </Button>
        </Group>
      </Alert>
    );
  }
  if (membership?.state === 'pending') {
    // The membership says what it waits for: the team's decision, or payment (an order).
    const approval = membership.sourceKind === 'approval';
    return (
      <Alert
        color={approval ? 'blue' : 'yellow'}
        variant="light"
        role="status"
        title={t(approval ? 'community.join.requestSentTitle' : 'community.join.pendingPaymentTitle')}
      >
        {t(approval ? 'community.join.requestSent' : 'community.join.pendingPayment')}
      </Alert>
    );
  }
  if (membership?.state === 'banned') {
    return (
      <Alert color="red" variant="light" role="alert">
        {t('errors.banned')}
      </Alert>
    );
  }
  if (membership && ['expired', 'cancelled', 'refunded'].includes(membership.state)) {
    return (
      <Alert color="gray" variant="light" role="status">
        {t(`community.status.${membership.state}`)}
      </Alert>
    );
  }
  if (!viewer.canJoin) {
    return (
      <Alert color="orange" variant="light" role="status">
        {t('errors.community_full')}
      </Alert>
    );
  }
  if (community.joinPolicy === 'invite' && !hasInvite) {
    return (
      <Alert color="gray" variant="light" role="status">
        {t('community.status.inviteOnly')}
      </Alert>
    );
  }
  return null;
}
