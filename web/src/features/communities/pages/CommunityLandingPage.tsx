import { Button, Card, Container, Grid, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../../api/errors';
import { NotFoundPage } from '../../../app/NotFoundPage';
import { PageLoader } from '../../../ui/PageLoader';
import { useReferralClick } from '../../payments/hooks';
import { CommunityHero } from '../components/CommunityHero';
import { CourseCatalogue } from '../components/CourseCatalogue';
import { JoinPanel } from '../components/JoinPanel';
import { LoadError } from '../components/LoadError';
import { RichText } from '../components/RichText';
import { useCommunity } from '../hooks';
import { useDocumentTitle } from '../use-document-title';

/** A community's public page: intro, rules, plans to join with, and its course catalogue. */
export function CommunityLandingPage() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const [search] = useSearchParams();
  const inviteToken = search.get('invite');
  useReferralClick(search.get('ref'));
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

  return (
    <Stack gap="xl" pb="xl">
      <CommunityHero
        community={community}
        actions={
          (viewer.isMember || viewer.role) && (
            <Button component={Link} to={`/c/${community.slug}/home`} variant="light">
              {t('community.goHome')}
            </Button>
          )
        }
      />
      <Container size="lg" w="100%">
        <Grid gap="xl">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="xl">
              <Stack gap="sm" component="section" aria-labelledby="intro-title">
                <Title order={2} size="h3" id="intro-title">
                  {t('community.introTitle')}
                </Title>
                {community.descriptionHtml ? (
                  <RichText html={community.descriptionHtml} />
                ) : (
                  t('community.noIntro')
                )}
              </Stack>
              <CourseCatalogue communityId={community.id} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack gap="xl">
              <JoinPanel landing={landing.data} inviteToken={inviteToken} />
              {community.rulesHtml && (
                <Card withBorder radius="md" component="section" aria-labelledby="rules-title">
                  <Title order={2} size="h4" id="rules-title" mb="sm">
                    {t('community.rulesTitle')}
                  </Title>
                  <RichText html={community.rulesHtml} />
                </Card>
              )}
            </Stack>
          </Grid.Col>
        </Grid>
      </Container>
    </Stack>
  );
}
