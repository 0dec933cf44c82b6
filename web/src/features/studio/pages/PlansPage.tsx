import { Alert, Badge, Button, Card, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { errorMessage } from '../../../ui/error-message';
import { paymentKeys } from '../../payments/hooks';
import { createPlan, updatePlan } from '../api';
import { EditPlanModal } from '../components/EditPlanModal';
import { PlanForm } from '../components/PlanForm';
import { QueryState } from '../components/QueryState';
import { ReferralProgramsCard } from '../components/ReferralProgramsCard';
import { useStudioCommunity } from '../context';
import { studioKeys, useInvalidate, usePlans } from '../hooks';
import { describePlan } from '../plan-format';
import type { Plan, UpdatePlanInput } from '../types';

function PlanRow({ plan, onEdit, onToggle }: { plan: Plan; onEdit: () => void; onToggle: () => void }) {
  const { t } = useTranslation();
  const retired = plan.status === 'retired';
  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={500}>{plan.name}</Text>
      </Table.Td>
      <Table.Td>{t(`studio.plans.kinds.${plan.kind}`)}</Table.Td>
      <Table.Td>{describePlan(t, plan, currentLanguage())}</Table.Td>
      <Table.Td>
        <Badge variant="light" color={retired ? 'gray' : 'teal'}>
          {t(`studio.plans.status.${plan.status}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          <Button
            size="xs"
            variant="default"
            onClick={onEdit}
            aria-label={t('studio.plans.editNamed', { name: plan.name })}
          >
            {t('studio.plans.edit')}
          </Button>
          <Button
            size="xs"
            variant="subtle"
            color={retired ? 'teal' : 'red'}
            onClick={onToggle}
            aria-label={t(retired ? 'studio.plans.restoreNamed' : 'studio.plans.retireNamed', {
              name: plan.name,
            })}
          >
            {t(retired ? 'studio.plans.restore' : 'studio.plans.retire')}
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

export function PlansPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const { community, canManage } = useStudioCommunity();
  const plans = usePlans(community.id);
  const invalidate = useInvalidate();
  const [editing, setEditing] = useState<Plan | null>(null);
  const created = (location.state as { created?: boolean } | null)?.created === true;

  const refresh = () =>
    Promise.all([
      invalidate(studioKeys.plans(community.id)),
      invalidate(studioKeys.landing(community.slug)),
      // A new, renamed or retired plan changes the referral programmes listed below.
      invalidate(paymentKeys.referralPrograms(community.id)),
    ]);
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdatePlanInput }) => updatePlan(id, body),
    onSuccess: refresh,
  });

  if (!canManage) return <Alert variant="light">{t('studio.settings.ownerOnly')}</Alert>;

  return (
    <Stack gap="lg">
      {created && (
        <Alert color="teal" variant="light" role="status" title={t('studio.create.doneTitle')}>
          {t('studio.create.doneText')}
        </Alert>
      )}
      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <Title order={2} size="h4">
            {t('studio.plans.title')}
          </Title>
          {update.isError && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(t, update.error)}
            </Alert>
          )}
          {plans.isSuccess ? (
            plans.data.length === 0 ? (
              <Text c="dimmed">{t('studio.plans.empty')}</Text>
            ) : (
              <Table.ScrollContainer minWidth={640}>
                <Table verticalSpacing="sm" aria-label={t('studio.plans.title')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('studio.plans.name')}</Table.Th>
                      <Table.Th>{t('studio.plans.kind')}</Table.Th>
                      <Table.Th>{t('studio.plans.price')}</Table.Th>
                      <Table.Th>{t('studio.plans.statusLabel')}</Table.Th>
                      <Table.Th>
                        <VisuallyHidden>{t('studio.actions')}</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {plans.data.map((plan) => (
                      <PlanRow
                        key={plan.id}
                        plan={plan}
                        onEdit={() => setEditing(plan)}
                        onToggle={() =>
                          update.mutate({
                            id: plan.id,
                            body: { status: plan.status === 'retired' ? 'active' : 'retired' },
                          })
                        }
                      />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          ) : (
            <QueryState error={plans.error} retry={() => void plans.refetch()} />
          )}
        </Stack>
      </Card>
      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <Title order={2} size="h4">
            {t('studio.plans.addTitle')}
          </Title>
          <PlanForm
            onSubmit={async (input) => {
              await createPlan(community.id, input);
              await refresh();
            }}
          />
        </Stack>
      </Card>
      <ReferralProgramsCard communityId={community.id} />
      {editing && (
        <EditPlanModal
          plan={editing}
          onClose={() => setEditing(null)}
          onSave={(body) => update.mutateAsync({ id: editing.id, body })}
        />
      )}
    </Stack>
  );
}
