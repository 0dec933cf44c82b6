import { Button, FileButton, Group, Stack, Textarea } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { createComment } from '../api';
import type { Comment } from '../types';
import { insertAtCursor, UploadProgress, useImageUpload } from './PostComposer';

const newKey = () => crypto.randomUUID();

interface CommentFormProps {
  postId: string;
  parentId?: string;
  label: string;
  submitLabel: string;
  autoFocus?: boolean;
  onDone: (comment: Comment) => Promise<unknown>;
  onCancel?: () => void;
}

/**
 * A comment, answer or reply. The Idempotency-Key stays the same until the comment is made, so a
 * double click or a retry after a lost answer makes one comment.
 */
export function CommentForm({
  postId,
  parentId,
  label,
  submitLabel,
  autoFocus,
  onDone,
  onCancel,
}: CommentFormProps) {
  const { t } = useTranslation();
  const area = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState('');
  const [key, setKey] = useState(newKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const images = useImageUpload((markdown) =>
    setBody((value) => insertAtCursor(area.current, value, markdown)),
  );

  const submit = async () => {
    if (!body.trim()) {
      setError(t('discussions.comments.bodyRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const comment = await createComment(postId, { body, ...(parentId ? { parentId } : {}) }, key);
      setBody('');
      setKey(newKey());
      await onDone(comment);
    } catch (caught) {
      setError(errorMessage(t, caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      noValidate
    >
      <Stack gap={6}>
        <FormError message={error} />
        <Textarea
          ref={area}
          aria-label={label}
          placeholder={label}
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          onPaste={images.onPaste}
          autosize
          minRows={2}
          maxRows={12}
          maxLength={10_000}
          autoFocus={autoFocus}
        />
        <UploadProgress state={images.uploading} error={images.error} />
        <Group justify="flex-end" gap="xs">
          <FileButton
            onChange={(file) => void images.upload(file)}
            accept="image/png,image/jpeg,image/webp,image/gif"
          >
            {(props) => (
              <Button variant="subtle" size="xs" {...props}>
                {t('discussions.composer.addImage')}
              </Button>
            )}
          </FileButton>
          {onCancel && (
            <Button variant="default" size="xs" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" size="xs" loading={busy} disabled={images.uploading !== null}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
