import {
  Alert,
  Avatar,
  Button,
  Card,
  Container,
  Group,
  Image,
  NumberInput,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { formatDateTime } from '../../../ui/format';
import { PageLoader } from '../../../ui/PageLoader';
import { LoadError } from '../../communities/components/LoadError';
import { RichText } from '../../communities/components/RichText';
import { useDocumentTitle } from '../../communities/use-document-title';
import { AttachImages } from '../components/AttachImages';
import { ActivityLoadError, BackToCommunity } from '../components/CommunityGate';
import { fieldError } from '../field-errors';
import { useAssignment, useReview, useSubmissions, useSubmit } from '../hooks';
import type { Assignment, Submission } from '../types';
import { SubmissionBadges } from './submission-badges';

/** One assignment: the brief, your submission and its review, and the submissions (all for reviewers). */
export function AssignmentPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const assignment = useAssignment(id);
  useDocumentTitle(assignment.data?.title);
  if (assignment.isPending) return <PageLoader />;
  if (assignment.isError)
    return <ActivityLoadError error={assignment.error} retry={() => void assignment.refetch()} />;
  const a = assignment.data;
  const language = currentLanguage();
  return (
    <Container size="md" py="xl">
      <Stack gap="lg">
        <BackToCommunity idOrSlug={a.communityId} />
        <Stack gap={4}>
          <Title order={1}>{a.title}</Title>
          <Text fz="sm" c={a.pastDue ? 'red' : 'dimmed'}>
            {t('activities.assignments.due', { date: formatDateTime(a.dueAt, language) })} ·{' '}
            {t('activities.assignments.by', { name: a.author.displayName })}
          </Text>
        </Stack>
        {a.descriptionHtml && <RichText html={a.descriptionHtml} />}
        {a.mySubmission && <MySubmission submission={a.mySubmission} />}
        {a.abilities.submit && <SubmitForm assignment={a} />}
        <Submissions assignment={a} />
      </Stack>
    </Container>
  );
}

function MySubmission({ submission }: { submission: Submission }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" component="section" aria-labelledby="my-submission-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="my-submission-title">
          {t('activities.assignments.mySubmission')}
        </Title>
        <SubmissionBadges submission={submission} />
      </Group>
      <RichText html={submission.bodyHtml} />
      {submission.state === 'reviewed' && (
        <Alert variant="light" color="teal" mt="sm" title={t('activities.assignments.feedback')}>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{submission.feedback}</Text>
        </Alert>
      )}
    </Card>
  );
}

function SubmitForm({ assignment }: { assignment: Assignment }) {
  const { t } = useTranslation();
  const submitMutation = useSubmit(assignment.id);
  const [body, setBody] = useState(assignment.mySubmission?.body ?? '');
  const [fileIds, setFileIds] = useState<string[]>(assignment.mySubmission?.fileIds ?? []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    submitMutation.mutate({ body, fileIds });
  };
  const resubmit = assignment.mySubmission !== null;
  return (
    <Card withBorder radius="md" component="form" onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Textarea
          label={
            resubmit ? t('activities.assignments.resubmitLabel') : t('activities.assignments.submitLabel')
          }
          description={assignment.pastDue ? t('activities.assignments.lateWarning') : undefined}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          error={fieldError(t, submitMutation.error, 'body')}
          autosize
          minRows={5}
        />
        <AttachImages value={fileIds} onChange={setFileIds} />
        <FormError message={submitMutation.isError ? errorMessage(t, submitMutation.error) : null} />
        <Button
          type="submit"
          w="fit-content"
          loading={submitMutation.isPending}
          disabled={body.trim() === '' && fileIds.length === 0}
        >
          {resubmit ? t('activities.assignments.resubmit') : t('activities.assignments.submit')}
        </Button>
      </Stack>
    </Card>
  );
}

function Submissions({ assignment }: { assignment: Assignment }) {
  const { t } = useTranslation();
  const reviewer = assignment.abilities.review;
  const submissions = useSubmissions(assignment.id);
  const items = submissions.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card withBorder radius="md" component="section" aria-labelledby="submissions-title">
      <Title order={2} size="h4" id="submissions-title" mb="sm">
        {reviewer
          ? t('activities.assignments.allSubmissions')
          : t('activities.assignments.featuredSubmissions')}
      </Title>
      {submissions.isError && (
        <LoadError error={submissions.error} retry={() => void submissions.refetch()} />
      )}
      {submissions.isSuccess && items.length === 0 && (
        <Text c="dimmed">
          {reviewer ? t('activities.assignments.noSubmissions') : t('activities.assignments.noFeatured')}
        </Text>
      )}
      <Stack gap="lg">
        {items.map((submission) => (
          <SubmissionItem
            key={submission.id}
            submission={submission}
            assignmentId={assignment.id}
            reviewer={reviewer}
          />
        ))}
      </Stack>
      {submissions.hasNextPage && (
        <Button variant="subtle" size="xs" mt="sm" onClick={() => void submissions.fetchNextPage()}>
          {t('activities.more')}
        </Button>
      )}
    </Card>
  );
}

function SubmissionItem({
  submission,
  assignmentId,
  reviewer,
}: {
  submission: Submission;
  assignmentId: string;
  reviewer: boolean;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <Stack gap={6} data-testid="submission-item">
      <Group justify="space-between" wrap="nowrap">
        <Group gap="xs" wrap="nowrap">
          <Avatar name={submission.user.displayName} color="initials" radius="xl" size={26} />
          <Text fz="sm" fw={500}>
            {submission.user.displayName}
          </Text>
          <Text fz="xs" c="dimmed">
            {formatDateTime(submission.submittedAt, language)}
            {submission.revision > 1
              ? ` · ${t('activities.assignments.revision', { n: submission.revision })}`
              : ''}
          </Text>
        </Group>
        <SubmissionBadges submission={submission} />
      </Group>
      <RichText html={submission.bodyHtml} />
      {submission.fileIds.length > 0 && (
        <Group gap="xs">
          {submission.fileIds.map((fileId) => (
            <Image key={fileId} src={`/api/files/${fileId}`} w={96} h={96} radius="sm" fit="cover" alt="" />
          ))}
        </Group>
      )}
      {submission.state === 'reviewed' && submission.feedback && (
        <Text fz="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
          {t('activities.assignments.feedback')}: {submission.feedback}
        </Text>
      )}
      {reviewer && <ReviewForm submission={submission} assignmentId={assignmentId} />}
    </Stack>
  );
}

function ReviewForm({ submission, assignmentId }: { submission: Submission; assignmentId: string }) {
  const { t } = useTranslation();
  const review = useReview(assignmentId);
  const [score, setScore] = useState<number | string>(submission.score ?? '');
  const [feedback, setFeedback] = useState(submission.feedback ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typeof score !== 'number') return;
    review.mutate({ submissionId: submission.id, review: { score, feedback } });
  };
  return (
    <Card
      withBorder
      radius="sm"
      padding="sm"
      component="form"
      onSubmit={submit}
      noValidate
      bg="var(--mantine-color-default-hover)"
    >
      <Stack gap="xs">
        <Group align="flex-end" gap="sm">
          <NumberInput
            label={t('activities.assignments.score')}
            min={0}
            max={100}
            w={110}
            value={score}
            onChange={setScore}
            error={fieldError(t, review.error, 'score')}
          />
          <Switch
            label={t('activities.assignments.feature')}
            checked={submission.featured}
            onChange={(e) =>
              review.mutate({ submissionId: submission.id, featured: e.currentTarget.checked })
            }
          />
        </Group>
        <Textarea
          label={t('activities.assignments.feedback')}
          value={feedback}
          onChange={(e) => setFeedback(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        <FormError message={review.isError ? errorMessage(t, review.error) : null} />
        <Button
          type="submit"
          size="xs"
          w="fit-content"
          loading={review.isPending}
          disabled={typeof score !== 'number'}
        >
          {submission.state === 'reviewed'
            ? t('activities.assignments.updateReview')
            : t('activities.assignments.review')}
        </Button>
      </Stack>
    </Card>
  );
}
