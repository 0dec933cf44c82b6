import { Button, Card, Container, Grid, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../api/errors';
import { NotFoundPage } from '../../../app/NotFoundPage';
import { PageLoader } from '../../../ui/PageLoader';
import { ActivityLinks } from '../../activities/components/ActivityLinks';
import { DiscussionsLink } from '../../discussions/components/DiscussionsLink';
import { AskOwnerCard } from '../../paid/components/AskOwnerCard';
import { ReferralCard } from '../../payments/components/ReferralCard';
import { CommunityHero } from '../components/CommunityHero';
import { LoadError } from '../components/LoadError';
import { MemberList } from '../components/MemberList';
import { MemberWall } from '../components/MemberWall';
import { MyCourses } from '../components/MyCourses';
import { RichText } from '../components/RichText';
import { useCommunity } from '../hooks';
import { useDocumentTitle } from '../use-document-title';

/** The members' home of a community: welcome, progress on its courses, and who else is in it. */
export function CommunityHomePage() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const landing = useCommunity(slug);
  useDocumentTitle(landing.data?.community.name);

  if (landing.isPending) return <PageLoader />;
  if (landing.isError) {
    if (isApiError(landing.error) && landing.error.status === 404) return <NotFoundPage />;
    return (
      <Container size="sm" py="xl">
        <LoadError error={landing.error} retry={() => void landing.refetch()} />
      </Container>
    );
  }
  const { community, viewer } = landing.data;
  if (!viewer.isMember && !viewer.role) return <MemberWall community={community} />;

  return (
    <Stack gap="xl" pb="xl">
      <CommunityHero
        community={community}
        actions={
          <>
            <DiscussionsLink slug={community.slug} />
            <Button component={Link} to={`/c/${community.slug}`} variant="default">
              {t('community.home.aboutLink')}
            </Button>
          </>
        }
      />
      <Container size="lg" w="100%">
        <Grid gap="xl">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="xl">
              <Card withBorder radius="md" component="section" aria-labelledby="welcome-title">
                <Title order={2} size="h4" id="welcome-title" mb="sm">
                  {t('community.home.welcomeTitle', { name: community.name })}
                </Title>
                {community.welcomeMessageHtml ? (
                  <RichText html={community.welcomeMessageHtml} />
                ) : (
                  t('community.join.welcomeDefault')
                )}
              </Card>
              <MyCourses communityId={community.id} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Stack gap="xl">
              <ActivityLinks slug={community.slug} />
              <AskOwnerCard
                communityId={community.id}
                slug={community.slug}
                isOwner={viewer.role === 'owner'}
              />
              <ReferralCard communityId={community.id} isMember={viewer.isMember} />
              <MemberList communityId={community.id} />
            </Stack>
          </Grid.Col>
        </Grid>
      </Container>
    </Stack>
  );
}
