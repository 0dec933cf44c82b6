import { useMe } from '../../accounts/hooks';
import { TipButton } from './TipButton';

/** The Tip button on a comment or answer: for signed-in people other than its author. */
export function CommentTipButton({
  communityId,
  postId,
  commentId,
  author,
}: {
  communityId: string;
  postId: string;
  commentId: string;
  author: { id: string; displayName: string };
}) {
  const me = useMe();
  if (!me.data || me.data.id === author.id) return null;
  return (
    <TipButton
      communityId={communityId}
      postId={postId}
      commentId={commentId}
      recipientName={author.displayName}
      compact
    />
  );
}
