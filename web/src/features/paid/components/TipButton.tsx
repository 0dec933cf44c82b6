import { Button } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePaidSettings } from '../hooks';
import { TipModal } from './TipModal';

/** "Tip": opens the tip modal for a post or one of its comments, when the community takes tips. */
export function TipButton({
  communityId,
  postId,
  commentId,
  recipientName,
  compact = false,
}: {
  communityId: string;
  postId: string;
  commentId?: string;
  recipientName: string;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const settings = usePaidSettings(communityId);
  const [open, setOpen] = useState(false);
  if (!settings.data?.tips.enabled) return null;
  return (
    <>
      <Button
        size={compact ? 'compact-xs' : 'xs'}
        variant={compact ? 'subtle' : 'light'}
        color="orange"
        onClick={() => setOpen(true)}
      >
        {t('paid.tip.button')}
      </Button>
      {open && (
        <TipModal
          postId={postId}
          commentId={commentId}
          recipientName={recipientName}
          settings={settings.data}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
