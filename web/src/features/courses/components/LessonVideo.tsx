import { Alert, AspectRatio, Button, Card, Group, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ExternalIcon, PlayCircleIcon } from '../../../ui/icons';
import type { Lesson } from '../types';
import { usePositionReports } from '../use-position-reports';

const DIRECT_VIDEO = /\.(mp4|m4v|webm|ogv|ogg|mov)(?:[?#]|$)/i;

function ExternalVideoLink({ url }: { url: string }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="lg">
      <Group justify="space-between" gap="md">
        <Group gap="sm" wrap="nowrap">
          <PlayCircleIcon size={28} />
          <Text>{t('lesson.externalVideo')}</Text>
        </Group>
        <Button
          component="a"
          href={url}
          target="_blank"
          rel="noopener noreferrer"
          rightSection={<ExternalIcon size={16} />}
        >
          {t('lesson.openVideo')}
        </Button>
      </Group>
    </Card>
  );
}

/**
 * The lesson's video: an uploaded file (served with Range requests), or an external address
 * played in place when it is a video file and offered as a link otherwise. Resumes where the
 * viewer left off and reports the position as it plays.
 */
export function LessonVideo({ lesson, track }: { lesson: Lesson; track: boolean }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLVideoElement>(null);
  const [failed, setFailed] = useState(false);
  const { onPause } = usePositionReports(ref, lesson.id, track);
  const video = lesson.video;
  if (!video) return null;
  const src = video.fileId ? `/api/files/${video.fileId}` : video.url;
  if (!src) return null;
  if (!video.fileId && (failed || !DIRECT_VIDEO.test(src))) return <ExternalVideoLink url={src} />;
  if (failed) {
    return (
      <Alert color="red" variant="light" role="alert">
        {t('lesson.videoFailed')}
      </Alert>
    );
  }

  const resume = (element: HTMLVideoElement) => {
    const saved = lesson.progress?.positionSeconds ?? 0;
    if (saved > 0 && (!Number.isFinite(element.duration) || saved < element.duration - 3)) {
      element.currentTime = saved;
    }
  };

  return (
    <AspectRatio ratio={16 / 9}>
      {/* biome-ignore lint/a11y/useMediaCaption: lesson videos carry no caption track yet */}
      <video
        ref={ref}
        src={src}
        controls
        preload="metadata"
        playsInline
        aria-label={t('lesson.videoLabel', { title: lesson.title })}
        onLoadedMetadata={(event) => resume(event.currentTarget)}
        onPause={onPause}
        onError={() => setFailed(true)}
        style={{ background: '#000', borderRadius: 'var(--mantine-radius-md)', width: '100%' }}
      />
    </AspectRatio>
  );
}
