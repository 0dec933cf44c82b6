import {
  Alert,
  Button,
  Card,
  FileButton,
  Group,
  Progress,
  Stack,
  Switch,
  Tabs,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Typography,
} from '@mantine/core';
import { type ClipboardEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/errors';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { useMarkdownPreview } from '../../studio/hooks';
import { uploadFile } from '../../studio/upload';
import { uploadErrorMessage } from '../../studio/upload-errors';
import { useCreatePost } from '../hooks';
import type { Post } from '../types';

export const POST_BODY_MAX = 20_000;
const IMAGE_TYPES = 'image/png,image/jpeg,image/webp,image/gif';

interface UploadState {
  name: string;
  percent: number;
}

/**
 * Uploads an image through the files API and puts its markdown where the cursor is; shared by the
 * composer and the comment form. Pasted images go the same way.
 */
export function useImageUpload(insert: (markdown: string) => void) {
  const { t } = useTranslation();
  const [uploading, setUploading] = useState<UploadState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const upload = async (file: File | null) => {
    if (!file) return;
    setError(null);
    setUploading({ name: file.name, percent: 0 });
    try {
      const uploaded = await uploadFile({
        file,
        kind: 'image',
        onProgress: (percent) => setUploading({ name: file.name, percent }),
      });
      insert(`![${file.name.replace(/[[\]]/g, '')}](/api/files/${uploaded.id})`);
    } catch (caught) {
      setError(uploadErrorMessage(t, 'image', caught));
    } finally {
      setUploading(null);
    }
  };
  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const image = [...event.clipboardData.files].find((f) => f.type.startsWith('image/'));
    if (!image) return;
    event.preventDefault();
    void upload(image);
  };
  return { upload, onPaste, uploading, error };
}

export function UploadProgress({ state, error }: { state: UploadState | null; error: string | null }) {
  const { t } = useTranslation();
  return (
    <>
      {state && (
        <Stack gap={2}>
          <Text size="xs" c="dimmed" truncate>
            {t('discussions.composer.uploading', { name: state.name, percent: state.percent })}
          </Text>
          <Progress
            value={state.percent}
            size="sm"
            animated
            aria-label={t('discussions.composer.uploadProgress')}
          />
        </Stack>
      )}
      {error && (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      )}
    </>
  );
}

/** Inserts text at the textarea's cursor (or at the end), keeping what was typed around it. */
export function insertAtCursor(area: HTMLTextAreaElement | null, value: string, text: string): string {
  if (!area) return value ? `${value}\n${text}` : text;
  const start = area.selectionStart ?? value.length;
  const end = area.selectionEnd ?? value.length;
  return `${value.slice(0, start)}${text}${value.slice(end)}`;
}

function Preview({ source }: { source: string }) {
  const { t } = useTranslation();
  const preview = useMarkdownPreview(source);
  if (!source.trim()) return <Text c="dimmed">{t('discussions.composer.previewEmpty')}</Text>;
  if (preview.isError) return <Text c="red">{errorMessage(t, preview.error)}</Text>;
  return (
    <Typography>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the server renders and sanitises it */}
      <div dangerouslySetInnerHTML={{ __html: preview.data ?? '' }} />
    </Typography>
  );
}

/** Write a post or a question: title, markdown with preview, images (paste or pick), tags. */
export function PostComposer({
  communityId,
  onCreated,
}: {
  communityId: string;
  onCreated?: (post: Post) => void;
}) {
  const { t } = useTranslation();
  const create = useCreatePost(communityId);
  const area = useRef<HTMLTextAreaElement>(null);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const [question, setQuestion] = useState(false);
  const [tab, setTab] = useState<string | null>('write');
  const [bodyError, setBodyError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const images = useImageUpload((markdown) =>
    setBody((value) => insertAtCursor(area.current, value, markdown)),
  );

  const submit = async () => {
    setFormError(null);
    setNotice(null);
    if (!body.trim()) {
      setBodyError(t('discussions.composer.bodyRequired'));
      return;
    }
    setBodyError(null);
    try {
      const post = await create.mutateAsync({
        kind: question ? 'question' : 'discussion',
        ...(title.trim() ? { title: title.trim() } : {}),
        body,
        tags,
      });
      setTitle('');
      setBody('');
      setTags([]);
      setQuestion(false);
      setTab('write');
      if (post.state === 'in_review') setNotice(t('discussions.composer.inReview'));
      onCreated?.(post);
    } catch (error) {
      if (isApiError(error) && error.status === 400 && error.fieldErrors.some((f) => f.path === 'body'))
        setBodyError(t('discussions.composer.bodyInvalid', { max: POST_BODY_MAX }));
      else setFormError(errorMessage(t, error));
    }
  };

  return (
    <Card withBorder radius="md" component="section" aria-labelledby="composer-title">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack gap="sm">
          <Text fw={600} id="composer-title">
            {t('discussions.composer.title')}
          </Text>
          <FormError message={formError} />
          {notice && (
            <Alert color="yellow" role="status">
              {notice}
            </Alert>
          )}
          <TextInput
            label={t('discussions.composer.titleLabel')}
            placeholder={t('discussions.composer.titlePlaceholder')}
            value={title}
            maxLength={200}
            onChange={(event) => setTitle(event.currentTarget.value)}
          />
          <Tabs value={tab} onChange={setTab}>
            <Tabs.List>
              <Tabs.Tab value="write">{t('discussions.composer.write')}</Tabs.Tab>
              <Tabs.Tab value="preview">{t('discussions.composer.preview')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="write" pt="xs">
              <Textarea
                ref={area}
                aria-label={t('discussions.composer.bodyLabel')}
                placeholder={t('discussions.composer.bodyPlaceholder')}
                description={t('discussions.composer.bodyHint')}
                value={body}
                onChange={(event) => setBody(event.currentTarget.value)}
                onPaste={images.onPaste}
                error={bodyError}
                autosize
                minRows={4}
                maxRows={20}
                maxLength={POST_BODY_MAX}
              />
            </Tabs.Panel>
            <Tabs.Panel value="preview" pt="xs">
              {tab === 'preview' && <Preview source={body} />}
            </Tabs.Panel>
          </Tabs>
          <UploadProgress state={images.uploading} error={images.error} />
          <TagsInput
            label={t('discussions.composer.tags')}
            description={t('discussions.composer.tagsHint')}
            value={tags}
            onChange={setTags}
            maxTags={5}
            splitChars={[',', ' ', '，']}
          />
          <Group justify="space-between">
            <Group gap="md">
              <FileButton onChange={(file) => void images.upload(file)} accept={IMAGE_TYPES}>
                {(props) => (
                  <Button variant="default" size="xs" loading={images.uploading !== null} {...props}>
                    {t('discussions.composer.addImage')}
                  </Button>
                )}
              </FileButton>
              <Switch
                label={t('discussions.composer.question')}
                checked={question}
                onChange={(event) => setQuestion(event.currentTarget.checked)}
              />
            </Group>
            <Button type="submit" loading={create.isPending} disabled={images.uploading !== null}>
              {question ? t('discussions.composer.ask') : t('discussions.composer.publish')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
