import { Group, NumberInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export type DripKind = 'none' | 'date' | 'days_after_join';

interface DripFieldsProps {
  kind: DripKind;
  date: string;
  days: number | string;
  onKind: (kind: DripKind) => void;
  onDate: (date: string) => void;
  onDays: (days: number | string) => void;
}

/** When a lesson opens to a member: at once, on a date, or some days after they joined. */
export function DripFields({ kind, date, days, onKind, onDate, onDays }: DripFieldsProps) {
  const { t } = useTranslation();
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500} id="drip-label">
        {t('studio.lesson.drip')}
      </Text>
      <SegmentedControl
        aria-labelledby="drip-label"
        value={kind}
        onChange={(value) => onKind(value as DripKind)}
        data={(['none', 'date', 'days_after_join'] as const).map((value) => ({
          value,
          label: t(`studio.lesson.dripKinds.${value}`),
        }))}
      />
      <Group>
        {kind === 'date' && (
          <TextInput
            type="date"
            label={t('studio.lesson.dripDate')}
            value={date}
            onChange={(event) => onDate(event.currentTarget.value)}
            required
          />
        )}
        {kind === 'days_after_join' && (
          <NumberInput
            label={t('studio.lesson.dripDays')}
            value={days}
            onChange={onDays}
            min={0}
            max={3650}
            allowDecimal={false}
            required
          />
        )}
      </Group>
    </Stack>
  );
}
