import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ChatIcon } from '../../../ui/icons';

/** The way from a community's home to its discussions. */
export function DiscussionsLink({ slug }: { slug: string }) {
  const { t } = useTranslation();
  return (
    <Button component={Link} to={`/c/${slug}/posts`} leftSection={<ChatIcon size={16} />}>
      {t('discussions.title')}
    </Button>
  );
}
