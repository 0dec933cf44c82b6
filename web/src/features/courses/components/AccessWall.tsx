import { Button, Card, Container, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { formatDateTime } from '../../../ui/format';
import { ClockIcon, LockIcon } from '../../../ui/icons';
import { useMe } from '../../accounts/hooks';
import { loginPathFor } from '../../accounts/next-path';
import { PlanOption } from '../../communities/components/PlanOption';
import { useCommunity } from '../../communities/hooks';
import type { AccessDenied } from '../access-error';

function WallFrame({
  icon,
  title,
  children,
}: {
  icon: 'lock' | 'clock';
  title: string;
  children: ReactNode;
}) {
  return (
    <Container size="sm" py="xl">
      <Card withBorder radius="lg" padding="xl" role="region" aria-label={title} data-testid="access-wall">
        <Stack gap="md" align="stretch">
          <ThemeIcon size={48} radius="xl" variant="light" color={icon === 'lock' ? 'orange' : 'blue'}>
            {icon === 'lock' ? <LockIcon size={24} /> : <ClockIcon size={24} />}
          </ThemeIcon>
          <Title order={1} size="h2">
            {title}
          </Title>
          {children}
        </Stack>
      </Card>
    </Container>
  );
}

/** Join (or upgrade) to continue: the plans that open this lesson, and the way to the landing page. */
function JoinWall({ denied }: { denied: AccessDenied }) {
  const { t } = useTranslation();
  const location = useLocation();
  const { data: me } = useMe();
  const community = useCommunity(denied.communityId).data?.community;
  const upgrade = denied.code === 'plan_required';
  return (
    <WallFrame icon="lock" title={t(upgrade ? 'lesson.wall.upgradeTitle' : 'lesson.wall.joinTitle')}>
      <Text c="dimmed">
        {community
          ? t(upgrade ? 'lesson.wall.upgradeText' : 'lesson.wall.joinText', { name: community.name })
          : t(`errors.${denied.code}`)}
      </Text>
      {denied.plans.length > 0 && (
        <Stack gap="xs" component="section" aria-label={t('lesson.wall.plansLabel')}>
          {denied.plans.map((plan) => (
            <PlanOption key={plan.id} plan={plan} />
          ))}
        </Stack>
      )}
      {community && (
        <Button component={Link} to={`/c/${community.slug}`} size="md">
          {t('lesson.wall.join', { name: community.name })}
        </Button>
      )}
      {!me && (
        <Text fz="sm" c="dimmed">
          {t('lesson.wall.haveAccount')}{' '}
          <Text component={Link} to={loginPathFor(location.pathname)} c="teal" inherit fw={600}>
            {t('nav.login')}
          </Text>
        </Text>
      )}
    </WallFrame>
  );
}

/** Why a lesson the viewer may know about does not open for them yet. */
export function AccessWall({ denied }: { denied: AccessDenied }) {
  const { t } = useTranslation();
  if (denied.code === 'join_required' || denied.code === 'plan_required') return <JoinWall denied={denied} />;
  if (denied.code === 'not_yet_available') {
    return (
      <WallFrame icon="clock" title={t('lesson.wall.notYetTitle')}>
        <Text c="dimmed">
          {denied.availableAt
            ? t('lesson.wall.opensAt', { date: formatDateTime(denied.availableAt, currentLanguage()) })
            : t('errors.not_yet_available')}
        </Text>
      </WallFrame>
    );
  }
  if (denied.code === 'prerequisite_required') {
    return (
      <WallFrame icon="lock" title={t('lesson.wall.prerequisiteTitle')}>
        <Text c="dimmed">{t('errors.prerequisite_required')}</Text>
      </WallFrame>
    );
  }
  return (
    <WallFrame icon="lock" title={t('errors.forbidden')}>
      <Text c="dimmed">{t(`errors.${denied.code}`, { defaultValue: t('errors.forbidden') })}</Text>
    </WallFrame>
  );
}
