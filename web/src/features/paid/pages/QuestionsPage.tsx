import { Alert, Anchor, Button, Checkbox, Container, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../../api/errors';
import { NotFoundPage } from '../../../app/NotFoundPage';
import { errorMessage } from '../../../ui/error-message';
import { PageLoader } from '../../../ui/PageLoader';
import { LoadError } from '../../communities/components/LoadError';
import { useCommunity } from '../../communities/hooks';
import { useDocumentTitle } from '../../communities/use-document-title';
import { AskForm } from '../components/AskForm';
import { QuestionCard } from '../components/QuestionCard';
import { usePaidSettings, useQuestions } from '../hooks';
import type { QuestionScope } from '../types';

function QuestionList({
  communityId,
  scope,
  waitingOnly,
}: {
  communityId: string;
  scope: QuestionScope;
  waitingOnly: boolean;
}) {
  const { t } = useTranslation();
  const questions = useQuestions(communityId, scope, waitingOnly);
  if (questions.isPending) return <Text c="dimmed">{t('common.loading')}</Text>;
  if (questions.isError) return <Text c="red">{errorMessage(t, questions.error)}</Text>;
  const items = questions.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <Text c="dimmed">{t(`paid.list.empty.${scope}`)}</Text>;
  return (
    <Stack gap="sm">
      {items.map((question) => (
        <QuestionCard key={question.id} question={question} />
      ))}
      {questions.hasNextPage && (
        <Button
          variant="default"
          loading={questions.isFetchingNextPage}
          onClick={() => void questions.fetchNextPage()}
        >
          {t('paid.list.loadMore')}
        </Button>
      )}
    </Stack>
  );
}

/**
 * A community's paid questions (/c/:slug/questions?tab=): the ask form for members, then the
 * answers askers made public, the viewer's own questions, and for the owner the inbox.
 */
export function QuestionsPage() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const [search, setSearch] = useSearchParams();
  const landing = useCommunity(slug);
  const settings = usePaidSettings(landing.data?.community.id);
  useDocumentTitle(t('paid.page.title'));

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
  const isOwner = viewer.role === 'owner';
  const tabs: QuestionScope[] = isOwner
    ? ['inbox', 'public']
    : viewer.signedIn
      ? ['public', 'mine']
      : ['public'];
  const requested = search.get('tab') as QuestionScope | null;
  const tab = requested && tabs.includes(requested) ? requested : tabs[0];
  const waitingOnly = search.get('all') !== '1';
  const setParam = (key: string, value: string | null) =>
    setSearch(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value === null) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );
  const enabled = settings.data?.questions.enabled === true;

  return (
    <Container size="md" py="xl">
      <Stack gap="lg">
        <Stack gap={4}>
          <Anchor component={Link} to={`/c/${community.slug}/home`} size="sm">
            {t('paid.page.back', { name: community.name })}
          </Anchor>
          <Title order={1}>{t('paid.page.title')}</Title>
        </Stack>
        {settings.data && !enabled && (
          <Alert color="gray" variant="light">
            {t('paid.page.off')}
          </Alert>
        )}
        {settings.data && enabled && !isOwner && viewer.isMember && <AskForm settings={settings.data} />}
        {settings.data && enabled && !isOwner && !viewer.isMember && (
          <Alert color="blue" variant="light">
            {t('paid.page.joinToAsk')}
          </Alert>
        )}
        <Tabs value={tab} onChange={(next) => next && setParam('tab', next)} keepMounted={false}>
          <Tabs.List>
            {tabs.map((scope) => (
              <Tabs.Tab key={scope} value={scope}>
                {t(`paid.list.tabs.${scope}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {tabs.map((scope) => (
            <Tabs.Panel key={scope} value={scope} pt="md">
              <Stack gap="md">
                {scope === 'inbox' && (
                  <Checkbox
                    label={t('paid.list.waitingOnly')}
                    checked={waitingOnly}
                    onChange={(event) => setParam('all', event.currentTarget.checked ? null : '1')}
                  />
                )}
                <QuestionList communityId={community.id} scope={scope} waitingOnly={waitingOnly} />
              </Stack>
            </Tabs.Panel>
          ))}
        </Tabs>
      </Stack>
    </Container>
  );
}
