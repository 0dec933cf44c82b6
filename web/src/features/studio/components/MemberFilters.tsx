import { Group, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { fromLocalInput, toDateInput } from '../datetime';
import type { MemberFilters as Filters } from '../hooks';
import type { MembershipState, Plan } from '../types';

const STATES: MembershipState[] = ['pending', 'active', 'expired', 'cancelled', 'refunded', 'banned'];

interface MemberFiltersProps {
  value: Filters;
  plans: Plan[];
  onChange: (filters: Filters) => void;
}

export function MemberFilters({ value, plans, onChange }: MemberFiltersProps) {
  const { t } = useTranslation();
  return (
    <Group gap="sm" align="flex-end" role="search" aria-label={t('studio.members.filters')}>
      <Select
        label={t('studio.members.state')}
        placeholder={t('studio.members.anyState')}
        data={STATES.map((state) => ({ value: state, label: t(`studio.memberState.${state}`) }))}
        value={value.state ?? null}
        onChange={(state) => onChange({ ...value, state: (state as MembershipState | null) ?? undefined })}
        clearable
        w={170}
      />
      <Select
        label={t('studio.members.plan')}
        placeholder={t('studio.members.anyPlan')}
        data={plans.map((plan) => ({ value: plan.id, label: plan.name }))}
        value={value.planId ?? null}
        onChange={(planId) => onChange({ ...value, planId: planId ?? undefined })}
        clearable
        w={200}
      />
      <TextInput
        type="date"
        label={t('studio.members.joinedAfter')}
        value={toDateInput(value.joinedAfter)}
        onChange={(event) =>
          onChange({ ...value, joinedAfter: fromLocalInput(event.currentTarget.value) ?? undefined })
        }
        w={180}
      />
    </Group>
  );
}
