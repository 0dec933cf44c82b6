import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ContentStatus, MembershipState } from '../types';

const CONTENT_COLORS: Record<ContentStatus, string> = {
  draft: 'gray',
  in_review: 'yellow',
  scheduled: 'blue',
  published: 'teal',
  archived: 'dark',
};

export function ContentStatusBadge({ status }: { status: ContentStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={CONTENT_COLORS[status]} size="sm">
      {t(`studio.status.${status}`)}
    </Badge>
  );
}

const STATE_COLORS: Record<MembershipState, string> = {
  pending: 'yellow',
  active: 'teal',
  expired: 'gray',
  cancelled: 'gray',
  refunded: 'orange',
  banned: 'red',
};

export function MemberStateBadge({ state }: { state: MembershipState }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={STATE_COLORS[state]} size="sm">
      {t(`studio.memberState.${state}`)}
    </Badge>
  );
}
