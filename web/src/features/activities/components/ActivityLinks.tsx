import { Button, Card, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** On a community's members' home: the way to its polls, check-in challenges and assignments. */
export function ActivityLinks({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const links = [
    {
      to: `/c/${slug}/challenges`,
      label: t('activities.challenges.title'),
      hint: t('activities.links.challenges'),
    },
    { to: `/c/${slug}/polls`, label: t('activities.polls.title'), hint: t('activities.links.polls') },
    {
      to: `/c/${slug}/assignments`,
      label: t('activities.assignments.title'),
      hint: t('activities.links.assignments'),
    },
  ];
  return (
    <Card withBorder radius="md" component="section" aria-labelledby="activities-title">
      <Title order={2} size="h4" id="activities-title" mb="sm">
        {t('activities.links.title')}
      </Title>
      <Stack gap={6}>
        {links.map((link) => (
          <Button
            key={link.to}
            component={Link}
            to={link.to}
            variant="light"
            justify="space-between"
            fullWidth
            rightSection={
              <Text fz="xs" c="dimmed" component="span">
                {link.hint}
              </Text>
            }
          >
            {link.label}
          </Button>
        ))}
      </Stack>
    </Card>
  );
}
