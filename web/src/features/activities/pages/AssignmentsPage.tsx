import {
  Badge,
  Button,
  Card,
  Collapse,
  Container,
  Group,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { formatDateTime } from '../../../ui/format';
import { LoadError } from '../../communities/components/LoadError';
import { fromLocalInput } from '../../studio/datetime';
import { BackToCommunity, CommunityGate } from '../components/CommunityGate';
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
  const assignments = useAssignments(communityId);
  const [creating, setCreating] = useState(false);
  const items = assignments.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Container size="md" py="xl">
      <Stack gap="lg">
        <BackToCommunity idOrSlug={slug} />
        <Group justify="space-between">
          <Title order={1}>{t('activities.assignments.title')}</Title>
          {canCreate && (
            <Button variant={creating ? 'default' : 'filled'} onClick={() => setCreating((c) => !c)}>
              {creating ? t('common.cancel') : t('activities.assignments.new')}
            </Button>
          )}
        </Group>
        {canCreate && (
          <Collapse expanded={creating}>
            <Card withBorder radius="md">
              <NewAssignmentForm communityId={communityId} onCreated={() => setCreating(false)} />
            </Card>
          </Collapse>
        )}
        {assignments.isError && (
          <LoadError error={assignments.error} retry={() => void assignments.refetch()} />
        )}
        {assignments.isSuccess && items.length === 0 && (
          <Text c="dimmed">{t('activities.assignments.empty')}</Text>
        )}
        {items.map((assignment) => (
          <AssignmentSummary key={assignment.id} assignment={assignment} />
        ))}
        {assignments.hasNextPage && (
          <Button
            variant="subtle"
            onClick={() => void assignments.fetchNextPage()}
            loading={assignments.isFetchingNextPage}
          >
            {t('activities.more')}
          </Button>
        )}
      </Stack>
    </Container>
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
