import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Container,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../../api/errors';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { formatDateTime } from '../../../ui/format';
import { QueryState } from '../../studio/components/QueryState';
import { formatMoney, toMinor } from '../../studio/money';
import { AdminNav } from '../components/AdminNav';
import { useBalances, usePayouts, useRecordFeesCollected, useRecordPayout } from '../hooks';
import type { PayableBalance } from '../types';

type SettlementKind = 'payout' | 'fees_collected';

/** A balance as the operator reads it: owed to the creator, or (negative) fees the creator owes. */
function BalanceText({ minor, currency }: { minor: number; currency: string }) {
  const { t, i18n } = useTranslation();
  if (minor >= 0) return <>{formatMoney(minor, currency, i18n.language)}</>;
  return (
    <Text span c="orange.8" fw={500} fz="inherit">
      {t('admin.payouts.owesFees', { amount: formatMoney(-minor, currency, i18n.language) })}
    </Text>
  );
}

/**
 * Records money sent to one community's creator (payout), or fees the creator paid the platform
 * back (fees collected); one record per form submission.
 */
function SettlementForm({ item, kind }: { item: PayableBalance; kind: SettlementKind }) {
  const { t } = useTranslation();
  const payout = useRecordPayout(item.community.id);
  const fees = useRecordFeesCollected(item.community.id);
  const record = kind === 'payout' ? payout : fees;
  const currencies = item.balances
    .filter((b) => (kind === 'payout' ? b.balanceMinor > 0 : b.balanceMinor < 0))
    .map((b) => b.currency);
  const [currency, setCurrency] = useState<string>(currencies[0] ?? 'CNY');
  const [amount, setAmount] = useState<number | string>('');
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  // One key per attempt: a double click or a retry of the same submission records one payout.
  const [attemptKey, setAttemptKey] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFormError(null);
    const missing: Record<string, string> = {};
    if (typeof amount !== 'number' || amount <= 0) missing.amountMinor = t('admin.payouts.amountRequired');
    if (!reference.trim()) missing.reference = t('admin.payouts.referenceRequired');
    if (Object.keys(missing).length > 0) return setErrors(missing);
    record.mutate(
      {
        body: {
          amountMinor: toMinor(amount as number, currency),
          currency,
          reference: reference.trim(),
          ...(note.trim() ? { note: note.trim() } : {}),
        },
        idempotencyKey: attemptKey,
      },
      {
        onSuccess: () => {
          setAmount('');
          setReference('');
          setNote('');
          setAttemptKey(crypto.randomUUID());
        },
        onError: (error) => {
          const placed: Record<string, string> = {};
          if (isApiError(error))
            for (const fe of error.fieldErrors)
              placed[fe.path.split(/[/.]/).filter(Boolean).at(-1) ?? ''] = fe.message;
          setErrors(placed);
          setFormError(errorMessage(t, error));
        },
      },
    );
  };

  const label = kind === 'payout' ? t('admin.payouts.record') : t('admin.payouts.recordFees');
  return (
    <form onSubmit={submit} noValidate aria-label={label}>
      <Stack gap="sm">
        <FormError message={formError} />
        <Group align="flex-start" gap="sm" grow>
          <NumberInput
            label={kind === 'payout' ? t('admin.payouts.amount') : t('admin.payouts.feesAmount')}
            value={amount}
            onChange={setAmount}
            min={0}
            decimalScale={2}
            error={errors.amountMinor}
            data-field="amount"
          />
          <Select
            label={t('admin.payouts.currency')}
            data={currencies.length > 0 ? currencies : ['CNY']}
            value={currency}
            onChange={(v) => v && setCurrency(v)}
            allowDeselect={false}
          />
        </Group>
        <TextInput
          label={t('admin.payouts.reference')}
          description={t('admin.payouts.referenceHint')}
          value={reference}
          onChange={(e) => setReference(e.currentTarget.value)}
          error={errors.reference}
          data-field="reference"
        />
        <Textarea
          label={t('admin.payouts.note')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={2}
          data-field="note"
        />
        <Group>
          <Button type="submit" loading={record.isPending}>
            {label}
          </Button>
          {record.isSuccess && (
            <Text role="status" c="teal" size="sm">
              {kind === 'payout' ? t('admin.payouts.recorded') : t('admin.payouts.feesRecorded')}
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}

function PayoutHistory({ communityId }: { communityId: string }) {
  const { t, i18n } = useTranslation();
  const history = usePayouts(communityId);
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  if (!history.isSuccess) return <QueryState error={history.error} retry={() => void history.refetch()} />;
  if (items.length === 0) return <Text c="dimmed">{t('admin.payouts.noHistory')}</Text>;
  return (
    <Stack gap="sm">
      <Table striped aria-label={t('admin.payouts.history')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('admin.payouts.when')}</Table.Th>
            <Table.Th>{t('admin.payouts.kind')}</Table.Th>
            <Table.Th>{t('admin.payouts.amount')}</Table.Th>
            <Table.Th>{t('admin.payouts.reference')}</Table.Th>
            <Table.Th>{t('admin.payouts.note')}</Table.Th>
            <Table.Th>{t('admin.payouts.by')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>{formatDateTime(p.createdAt, i18n.language)}</Table.Td>
              <Table.Td>
                {p.kind === 'fees_collected' ? t('admin.payouts.kindFees') : t('admin.payouts.kindPayout')}
              </Table.Td>
              <Table.Td>{formatMoney(p.amountMinor, p.currency, i18n.language)}</Table.Td>
              <Table.Td>{p.reference}</Table.Td>
              <Table.Td>{p.note ?? ''}</Table.Td>
              <Table.Td>{p.recordedBy.displayName}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {history.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void history.fetchNextPage()}
          loading={history.isFetchingNextPage}
        >
          {t('admin.loadMore')}
        </Button>
      )}
    </Stack>
  );
}

/**
 * Who is owed what, and which creators owe fees (from the journal); recording payouts and fees
 * collected, and each community's history of both.
 */
export function PayoutsPage() {
  const { t } = useTranslation();
  const balances = useBalances();
  const items = balances.data?.pages.flatMap((p) => p.items) ?? [];
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = items.find((i) => i.community.id === selectedId) ?? null;
  // A community paid out in full leaves the list; its form and history stay open until closed.
  const [lastSelected, setLastSelected] = useState<PayableBalance | null>(null);
  const shown = selected ?? (lastSelected?.community.id === selectedId ? lastSelected : null);

  return (
    <Container size="lg" py="xl">
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>{t('admin.payouts.title')}</Title>
          <Text c="dimmed">{t('admin.payouts.intro')}</Text>
        </Stack>
        <AdminNav />
        {balances.isSuccess ? (
          items.length === 0 ? (
            <Text c="dimmed">{t('admin.payouts.nobodyOwed')}</Text>
          ) : (
            <Table aria-label={t('admin.payouts.balances')} verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.payouts.community')}</Table.Th>
                  <Table.Th>{t('admin.payouts.balance')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr key={item.community.id} data-community={item.community.slug}>
                    <Table.Td>
                      <Stack gap={2}>
                        <Anchor component={Link} to={`/c/${item.community.slug}`}>
                          {item.community.name}
                        </Anchor>
                        {item.ownKeys.length > 0 && (
                          <Badge
                            color="gray"
                            variant="light"
                            size="sm"
                            title={t('admin.payouts.ownKeysHint')}
                          >
                            {t('admin.payouts.ownKeys')}
                          </Badge>
                        )}
                      </Stack>
                    </Table.Td>
                    <Table.Td data-testid="balance">
                      {item.balances.map((b, i) => (
                        <span key={b.currency}>
                          {i > 0 && ' · '}
                          <BalanceText minor={b.balanceMinor} currency={b.currency} />
                        </span>
                      ))}
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant={selectedId === item.community.id ? 'filled' : 'light'}
                        onClick={() => {
                          setSelectedId(item.community.id);
                          setLastSelected(item);
                        }}
                      >
                        {t('admin.payouts.open')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        ) : (
          <QueryState error={balances.error} retry={() => void balances.refetch()} />
        )}
        {balances.hasNextPage && (
          <Button
            variant="default"
            onClick={() => void balances.fetchNextPage()}
            loading={balances.isFetchingNextPage}
          >
            {t('admin.loadMore')}
          </Button>
        )}
        {shown && (
          <Card withBorder radius="md" padding="lg">
            <Stack gap="md">
              <Title order={2} size="h4">
                {t('admin.payouts.forCommunity', { name: shown.community.name })}
              </Title>
              {shown.ownKeys.length > 0 && (
                <Text size="sm" c="dimmed">
                  {t('admin.payouts.ownKeysHint')}
                </Text>
              )}
              {selected ? (
                <>
                  {selected.balances.some((b) => b.balanceMinor > 0) && (
                    <SettlementForm key={`${selected.community.id}:payout`} item={selected} kind="payout" />
                  )}
                  {selected.balances.some((b) => b.balanceMinor < 0) && (
                    <>
                      <Alert color="orange" variant="light">
                        {t('admin.payouts.owesFeesHint')}
                      </Alert>
                      <SettlementForm
                        key={`${selected.community.id}:fees`}
                        item={selected}
                        kind="fees_collected"
                      />
                    </>
                  )}
                </>
              ) : (
                <Text c="dimmed">{t('admin.payouts.settled')}</Text>
              )}
              <Title order={3} size="h5">
                {t('admin.payouts.history')}
              </Title>
              <PayoutHistory communityId={shown.community.id} />
            </Stack>
          </Card>
        )}
      </Stack>
    </Container>
  );
}
