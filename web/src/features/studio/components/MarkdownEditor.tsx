import { Box, Input, Paper, SimpleGrid, Text, Textarea, Typography } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../ui/error-message';
import { useMarkdownPreview } from '../hooks';

interface MarkdownEditorProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  description?: ReactNode;
  error?: ReactNode;
  minRows?: number;
  required?: boolean;
}

/** Markdown source beside its server-rendered, sanitised preview, refreshed as you pause typing. */
export function MarkdownEditor({
  label,
  value,
  onChange,
  description,
  error,
  minRows = 8,
  required,
}: MarkdownEditorProps) {
  const { t } = useTranslation();
  const previewId = useId();
  const [debounced] = useDebouncedValue(value, 400);
  const preview = useMarkdownPreview(debounced);
  const empty = debounced.trim().length === 0;

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Textarea
        label={label}
        description={description ?? t('studio.markdown.hint')}
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
        error={error}
        autosize
        minRows={minRows}
        maxRows={30}
        required={required}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 14 } }}
      />
      <Box>
        <Input.Label id={`${previewId}-label`}>{t('studio.markdown.preview', { label })}</Input.Label>
        <Paper
          withBorder
          radius="sm"
          p="md"
          mih={120}
          role="region"
          aria-labelledby={`${previewId}-label`}
          aria-live="polite"
          aria-busy={preview.isFetching}
          style={{ overflowWrap: 'anywhere' }}
        >
          {empty ? (
            <Text c="dimmed" size="sm">
              {t('studio.markdown.empty')}
            </Text>
          ) : preview.isError ? (
            <Text c="red" size="sm">
              {errorMessage(t, preview.error)}
            </Text>
          ) : (
            <Typography>
              {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the server renders and sanitises it */}
              <div dangerouslySetInnerHTML={{ __html: preview.data ?? '' }} />
            </Typography>
          )}
        </Paper>
      </Box>
    </SimpleGrid>
  );
}
