import { Anchor, Container } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../api/errors';
import { NotFoundPage } from '../../../app/NotFoundPage';
import { PageLoader } from '../../../ui/PageLoader';
import { LoadError } from '../../communities/components/LoadError';
import { MemberWall } from '../../communities/components/MemberWall';
import { useCommunity } from '../../communities/hooks';
import type { Community, Viewer } from '../../communities/types';
import { useDocumentTitle } from '../../communities/use-document-title';

/**
 * A members' page of the community named by the route's `:slug`: loads it, shows the wall to
 * those who have not joined, and hands the community and the viewer to `children`.
 */
export function CommunityGate({
  title,
  children,
}: {
  title: string;
  children: (community: Community, viewer: Viewer) => ReactNode;
}) {
  const { slug } = useParams();
  const landing = useCommunity(slug);
  useDocumentTitle(landing.data ? `${title} · ${landing.data.community.name}` : undefined);
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
  return <>{children(community, viewer)}</>;
}

/** "← Community name", back to the members' home. */
export function BackToCommunity({ idOrSlug, label }: { idOrSlug: string; label?: string }) {
  const { t } = useTranslation();
  const landing = useCommunity(idOrSlug);
  const community = landing.data?.community;
  return (
    <Anchor component={Link} to={`/c/${community?.slug ?? idOrSlug}/home`} fz="sm">
      ← {label ?? community?.name ?? t('activities.backToCommunity')}
    </Anchor>
  );
}

/** A failed load of a members' item: the join wall for `join_required`, else the error. */
export function ActivityLoadError({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useTranslation();
  if (isApiError(error) && error.status === 404) return <NotFoundPage />;
  if (isApiError(error) && error.code === 'join_required' && error.communityId)
    return (
      <Container size="sm" py="xl">
        <LoadError error={error} />
        <Anchor component={Link} to={`/c/${error.communityId}`} mt="md" display="block">
          {t('activities.joinToSee')}
        </Anchor>
      </Container>
    );
  return (
    <Container size="sm" py="xl">
      <LoadError error={error} retry={retry} />
    </Container>
  );
}
