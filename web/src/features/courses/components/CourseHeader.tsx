import { Anchor, Badge, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCommunity } from '../../communities/hooks';
import type { Outline } from '../types';

/** Where the course lives, its title, summary, level and size. */
export function CourseHeader({ outline }: { outline: Outline }) {
  const { t } = useTranslation();
  const { course } = outline;
  const community = useCommunity(course.communityId).data?.community;
  return (
    <Stack gap="sm">
      <Breadcrumbs>
        <Anchor component={Link} to="/discover" fz="sm">
          {t('discover.title')}
        </Anchor>
        {community && (
          <Anchor component={Link} to={`/c/${community.slug}`} fz="sm">
            {community.name}
          </Anchor>
        )}
      </Breadcrumbs>
      <Title order={1} fz={{ base: 26, sm: 34 }}>
        {course.title}
      </Title>
      {course.summary && (
        <Text c="dimmed" maw={720}>
          {course.summary}
        </Text>
      )}
      <Group gap={6}>
        <Badge variant="light" color="indigo" tt="none">
          {t(`course.level.${course.level}`)}
        </Badge>
        <Badge variant="light" color="gray" tt="none">
          {t('course.lessonCount', { count: course.lessonCount })}
        </Badge>
        {course.tags.map((tag) => (
          <Badge key={tag} variant="outline" color="gray" tt="none">
            #{tag}
          </Badge>
        ))}
      </Group>
    </Stack>
  );
}
