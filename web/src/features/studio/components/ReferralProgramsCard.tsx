import { Alert, Button, Card, NumberInput, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { errorMessage } from '../../../ui/error-message';
import { formatMoney } from '../../communities/money';
import { useCommunityReferrers, useReferralPrograms, useSetReferralProgram } from '../../payments/hooks';
import type { ReferralProgram } from '../../payments/types';
import { QueryState } from './QueryState';

/** The highest commission an owner may set, in percent (the server's bound: 9000 basis points). */
const MAX_PERCENT = 90;

function ProgramRow({ program, communityId }: { program: ReferralProgram; communityId: string }) {
  const { t } = useTranslation();
  const save = useSetReferralProgram(communityId);
  const [enabled, setEnabled] = useState(program.enabled);
  const [percent, setPercent] = useState<number | string>(program.commissionBasisPoints / 100);
  const percentValue = typeof percent === 'number' ? percent : Number.parseFloat(percent);
  const valid = Number.isFinite(percentValue) && percentValue >= 0 && percentValue <= MAX_PERCENT;
  const changed =
    enabled !== program.enabled || Math.round(percentValue * 100) !== program.commissionBasisPoints;
  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={500}>{program.planName}</Text>
        <Text fz="xs" c="dimmed">
          {formatMoney(program.priceMinor, program.currency, currentLanguage())}
        </Text>
      </Table.Td>
      <Table.Td>
        <Switch
          checked={enabled}
          onChange={(event) => setEnabled(event.currentTarget.checked)}
          label={t('referrals.studio.enabled')}
          aria-label={t('referrals.studio.enabledNamed', { name: program.planName })}
        />
      </Table.Td>
      <Table.Td>
        <NumberInput
          value={percent}
          onChange={setPercent}
          min={0}
          max={MAX_PERCENT}
          step={0.5}
          decimalScale={2}
          suffix="%"
          w={110}
          aria-label={t('referrals.studio.percentNamed', { name: program.planName })}
          error={
            valid
              ? save.isError
                ? errorMessage(t, save.error)
                : undefined
              : t('referrals.studio.percentRange')
          }
        />
      </Table.Td>
      <Table.Td>
        <Button
          size="xs"
          variant="default"
          disabled={!changed || !valid}
          loading={save.isPending}
          onClick={() =>
            save.mutate({
              planId: program.planId,
              input: { enabled, commissionBasisPoints: Math.round(percentValue * 100) },
            })
          }
          aria-label={t('referrals.studio.saveNamed', { name: program.planName })}
        >
          {t('referrals.studio.save')}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

/** Referrals (分销) in the plans editor: commission per plan, and who has been referring buyers. */
export function ReferralProgramsCard({ communityId }: { communityId: string }) {
  const { t } = useTranslation();
  const programs = useReferralPrograms(communityId);
  const referrers = useCommunityReferrers(communityId);
  const language = currentLanguage();
  return (
    <Card withBorder radius="md" padding="lg" data-testid="referral-programs">
      <Stack gap="md">
        <Title order={2} size="h4">
          {t('referrals.studio.title')}
        </Title>
        <Text fz="sm" c="dimmed">
          {t('referrals.studio.intro')}
        </Text>
        {programs.isSuccess ? (
          programs.data.length === 0 ? (
            <Text c="dimmed">{t('referrals.studio.noPaidPlans')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing="sm" aria-label={t('referrals.studio.title')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('studio.plans.name')}</Table.Th>
                    <Table.Th>{t('referrals.studio.status')}</Table.Th>
                    <Table.Th>{t('referrals.studio.percent')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {programs.data.map((program) => (
                    <ProgramRow
                      key={`${program.planId}:${program.enabled}:${program.commissionBasisPoints}`}
                      program={program}
                      communityId={communityId}
                    />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        ) : (
          <QueryState error={programs.error} retry={() => void programs.refetch()} />
        )}
        <Title order={3} size="h5">
          {t('referrals.studio.referrers')}
        </Title>
        {referrers.isError && (
          <Alert color="red" variant="light">
            {errorMessage(t, referrers.error)}
          </Alert>
        )}
        {referrers.isSuccess &&
          (referrers.data.items.length === 0 ? (
            <Text c="dimmed">{t('referrals.studio.noReferrers')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing="xs" aria-label={t('referrals.studio.referrers')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('referrals.studio.referrer')}</Table.Th>
                    <Table.Th>{t('referrals.mine.clicks')}</Table.Th>
                    <Table.Th>{t('referrals.mine.orders')}</Table.Th>
                    <Table.Th>{t('referrals.mine.pending')}</Table.Th>
                    <Table.Th>{t('referrals.mine.payable')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {referrers.data.items.map((r) => (
                    <Table.Tr key={r.userId}>
                      <Table.Td>{r.displayName}</Table.Td>
                      <Table.Td>{r.clicks}</Table.Td>
                      <Table.Td>{r.orders}</Table.Td>
                      <Table.Td>
                        {r.totals.map((c) => formatMoney(c.pendingMinor, c.currency, language)).join(' · ') ||
                          '—'}
                      </Table.Td>
                      <Table.Td>
                        {r.totals.map((c) => formatMoney(c.payableMinor, c.currency, language)).join(' · ') ||
                          '—'}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ))}
      </Stack>
    </Card>
  );
}
