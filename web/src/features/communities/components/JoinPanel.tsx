import { Button, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { loginPathFor } from '../../accounts/next-path';
import { useJoin } from '../hooks';
import type { CommunityLanding, Plan } from '../types';
import { JoinOutcome } from './JoinOutcome';
import { MembershipStatus } from './MembershipStatus';
import { PlanOption } from './PlanOption';

/** The plans of a community with a Join button each, and what joining led to. */
export function JoinPanel({
  landing,
  inviteToken,
}: {
  landing: CommunityLanding;
  inviteToken: string | null;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const { community, plans, viewer } = landing;
  const join = useJoin(community.id);

  const mayJoin =
    viewer.canJoin &&
    !viewer.role &&
    viewer.membership?.state !== 'pending' &&
    (community.joinPolicy !== 'invite' || inviteToken !== null);
  const joinLabel =
    community.joinPolicy === 'approval' ? t('community.join.request') : t('community.join.cta');

  const action = (plan: Plan) => {
    if (!mayJoin) return null;
    const label = t('community.join.ctaLabel', { plan: plan.name });
    if (!viewer.signedIn) {
      return (
        <Button component={Link} to={loginPathFor(location.pathname + location.search)} aria-label={label}>
          {joinLabel}
        </Button>
      );
    }
    // A paid plan is bought at the checkout; the membership follows the payment.
    if (plan.priceMinor > 0) {
      return (
        <Button component={Link} to={`/checkout/${plan.id}`} aria-label={label}>
          {joinLabel}
        </Button>
      );
    }
    return (
      <Button
        aria-label={label}
        loading={join.isPending && join.variables?.planId === plan.id}
        disabled={join.isPending}
        onClick={() =>
          join.mutate({ planId: plan.id, ...(inviteToken ? { invitationToken: inviteToken } : {}) })
        }
      >
        {joinLabel}
      </Button>
    );
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="plans-title">
      <Title order={2} size="h3" id="plans-title">
        {t('community.plansTitle')}
      </Title>
      {join.data ? (
        <JoinOutcome result={join.data} community={community} />
      ) : (
        <MembershipStatus community={community} viewer={viewer} hasInvite={inviteToken !== null} />
      )}
      <FormError message={join.isError ? errorMessage(t, join.error) : null} />
      {!viewer.signedIn && mayJoin && (
        <Text fz="sm" c="dimmed">
          {t('community.join.signInFirst')}
        </Text>
      )}
      {plans.length === 0 ? (
        <Text c="dimmed">{t('community.noPlans')}</Text>
      ) : (
        plans.map((plan) => (
          <PlanOption
            key={plan.id}
            plan={plan}
            highlighted={viewer.membership?.planId === plan.id}
            action={join.data ? null : action(plan)}
          />
        ))
      )}
    </Stack>
  );
}
