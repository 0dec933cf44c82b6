import { Badge, Button, Card, Group, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { formatDateTime } from '../../../ui/format';
import { fromLocalInput } from '../../studio/datetime';
import { ActivityListPage } from '../components/ActivityListPage';
import { CommunityGate } from '../components/CommunityGate';
import { fieldError } from '../field-errors';
import { useAssignments, useCreateAssignment } from '../hooks';
import type { Assignment } from '../types';
import { SubmissionBadges } from './submission-badges';

/** A community's assignments (作业), and a form for the owner and contributors to post one. */
export function AssignmentsPage() {
  const { t } = useTranslation();
  return (
    <CommunityGate title={t('activities.assignments.title')}>
      {(community, viewer) => (
        <AssignmentList
          communityId={community.id}
          slug={community.slug}
          canCreate={viewer.canManage || viewer.role === 'contributor'}
        />
      )}
    </CommunityGate>
  );
}

function AssignmentList({
  communityId,
  slug,
  canCreate,
}: {
  communityId: string;
  slug: string;
  canCreate: boolean;
}) {
  const { t } = useTranslation();
  return (
    <ActivityListPage
      slug={slug}
      title={t('activities.assignments.title')}
      newLabel={t('activities.assignments.new')}
      emptyLabel={t('activities.assignments.empty')}
      list={useAssignments(communityId)}
      canCreate={canCreate}
      renderForm={(onCreated) => <NewAssignmentForm communityId={communityId} onCreated={onCreated} />}
      renderItem={(assignment) => <AssignmentSummary assignment={assignment} />}
    />
  );
}

function AssignmentSummary({ assignment }: { assignment: Assignment }) {
  const { t } = useTranslation();
  return (
    <Card
      withBorder
      radius="md"
      component={Link}
      to={`/assignments/${assignment.id}`}
      data-testid="assignment-item"
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Text fw={600} truncate>
            {assignment.title}
          </Text>
          <Text fz="sm" c={assignment.pastDue ? 'red' : 'dimmed'}>
            {t('activities.assignments.due', { date: formatDateTime(assignment.dueAt, currentLanguage()) })}
          </Text>
        </Stack>
        {assignment.mySubmission ? (
          <SubmissionBadges submission={assignment.mySubmission} />
        ) : (
          <Badge variant="light" color="gray" style={{ flexShrink: 0 }}>
            {t('activities.assignments.notSubmitted')}
          </Badge>
        )}
      </Group>
    </Card>
  );
}

function NewAssignmentForm({ communityId, onCreated }: { communityId: string; onCreated: () => void }) {
  const { t } = useTranslation();
  const create = useCreateAssignment(communityId);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [due, setDue] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const dueAt = fromLocalInput(due);
    if (dueAt === null) return;
    create.mutate(
      { title, description, dueAt },
      {
        onSuccess: () => {
          setTitle('');
          setDescription('');
          setDue('');
          onCreated();
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t('activities.assignments.fields.title')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={fieldError(t, create.error, 'title')}
          required
          maxLength={120}
        />
        <Textarea
          label={t('activities.assignments.fields.description')}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          autosize
          minRows={3}
        />
        <TextInput
          type="datetime-local"
          label={t('activities.assignments.fields.dueAt')}
          value={due}
          onChange={(e) => setDue(e.currentTarget.value)}
          error={fieldError(t, create.error, 'dueAt')}
          required
        />
        <FormError message={create.isError ? errorMessage(t, create.error) : null} />
        <Button type="submit" w="fit-content" loading={create.isPending} disabled={!title.trim() || !due}>
          {t('activities.assignments.create')}
        </Button>
      </Stack>
    </form>
  );
}
