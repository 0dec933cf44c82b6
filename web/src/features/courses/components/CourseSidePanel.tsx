import { Button, Card, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useMe } from '../../accounts/hooks';
import { loginPathFor } from '../../accounts/next-path';
import { useCommunity } from '../../communities/hooks';
import { continueLesson } from '../continue-target';
import type { Outline } from '../types';
import { CourseProgressBar } from './CourseProgressBar';

/** The viewer's progress and the next step: continue, sign in, or join the community. */
export function CourseSidePanel({ outline }: { outline: Outline }) {
  const { t } = useTranslation();
  const location = useLocation();
  const { data: me } = useMe();
  const community = useCommunity(outline.course.communityId).data?.community;
  const target = continueLesson(outline);
  const { percentage } = outline.progress;
  const needsJoin = outline.chapters.some((c) =>
    c.lessons.some((l) => l.lock.reason === 'join_required' || l.lock.reason === 'plan_required'),
  );

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        {me ? (
          <CourseProgressBar percentage={percentage} />
        ) : (
          <Text fz="sm" c="dimmed">
            {t('course.signInToTrack')}
          </Text>
        )}
        {target && (
          <Button component={Link} to={`/lessons/${target.id}`} size="md" fullWidth>
            {percentage > 0 ? t('course.continueLesson', { title: target.title }) : t('course.start')}
          </Button>
        )}
        {percentage === 100 && (
          <Text fz="sm" c="teal" fw={600}>
            {t('course.allDone')}
          </Text>
        )}
        {needsJoin && community && (
          <Stack gap={6}>
            <Text fz="sm">{t('course.joinToUnlock', { name: community.name })}</Text>
            <Button component={Link} to={`/c/${community.slug}`} variant="light" fullWidth>
              {t('lesson.wall.seePlans')}
            </Button>
          </Stack>
        )}
        {!me && (
          <Button component={Link} to={loginPathFor(location.pathname)} variant="default" fullWidth>
            {t('nav.login')}
          </Button>
        )}
      </Stack>
    </Card>
  );
}
