import { Box, Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { addDays, dayOfWeek, daysBetween } from '../dates';

const CELL = 13;
const GAP = 3;

const shade = (count: number): string =>
  count === 0
    ? 'var(--mantine-color-default-border)'
    : count === 1
      ? 'var(--mantine-color-teal-4)'
      : count === 2
        ? 'var(--mantine-color-teal-6)'
        : 'var(--mantine-color-teal-8)';

/**
 * A calendar heat-map: one column per week (Monday on top), one square per day from `from` to
 * `to`, darker with more check-ins. Days come from the API as community-local dates.
 */
export function HeatMap({
  from,
  to,
  days,
  label,
  today,
}: {
  from: string;
  to: string;
  days: { date: string; count: number }[];
  label: string;
  /** Days after it are still to come: drawn faintly. */
  today?: string;
}) {
  const { t } = useTranslation();
  const counts = new Map(days.map((d) => [d.date, d.count]));
  // Start on the Monday of `from`'s week so rows line up with weekdays.
  const start = addDays(from, -dayOfWeek(from));
  const total = daysBetween(start, to) + 1;
  const weeks = Math.ceil(total / 7);
  const cells = Array.from({ length: weeks * 7 }, (_, i) => addDays(start, i));
  const active = days.filter((d) => d.count > 0).length;
  return (
    <Box>
      <Box
        role="img"
        aria-label={`${label}: ${t('activities.heatmap.summary', { count: active })}`}
        data-testid="heatmap"
        style={{
          display: 'grid',
          gridTemplateRows: `repeat(7, ${CELL}px)`,
          gridAutoFlow: 'column',
          gridAutoColumns: `${CELL}px`,
          gap: GAP,
          overflowX: 'auto',
          paddingBottom: 4,
        }}
      >
        {cells.map((date) => {
          const inRange = date >= from && date <= to;
          const count = counts.get(date) ?? 0;
          return (
            <Tooltip
              key={date}
              label={t('activities.heatmap.day', { date, count })}
              disabled={!inRange}
              withinPortal
            >
              <Box
                data-testid={inRange ? 'heatmap-day' : undefined}
                data-date={date}
                data-count={count}
                style={{
                  width: CELL,
                  height: CELL,
                  borderRadius: 3,
                  background: inRange ? shade(count) : 'transparent',
                  opacity: today !== undefined && date > today ? 0.35 : 1,
                }}
              />
            </Tooltip>
          );
        })}
      </Box>
      <Group gap={4} mt={6} justify="flex-end">
        <Text fz="xs" c="dimmed">
          {t('activities.heatmap.less')}
        </Text>
        {[0, 1, 2, 3].map((n) => (
          <Box key={n} style={{ width: 10, height: 10, borderRadius: 2, background: shade(n) }} />
        ))}
        <Text fz="xs" c="dimmed">
          {t('activities.heatmap.more')}
        </Text>
      </Group>
    </Box>
  );
}
