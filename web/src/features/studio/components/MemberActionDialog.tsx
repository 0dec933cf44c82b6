import { Button, Group, Modal, NumberInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../../ui/FormError';
import { applyServerErrors } from '../../../ui/form-errors';
import { banMember, extendMembership, grantMembership, revokeMembership, unbanMember } from '../api';
import { fromLocalInput } from '../datetime';
import type { Member, Plan } from '../types';

export type MemberAction = 'grant' | 'extend' | 'revoke' | 'ban' | 'unban';

interface MemberActionDialogProps {
  action: MemberAction;
  member: Member;
  communityId: string;
  plans: Plan[];
  onClose: () => void;
  onDone: () => Promise<unknown>;
}

const REASON_REQUIRED: Record<MemberAction, boolean> = {
  grant: false,
  extend: false,
  revoke: true,
  ban: true,
  unban: false,
};

/** One membership action with its reason (kept in the member's history) and what else it needs. */
export function MemberActionDialog({
  action,
  member,
  communityId,
  plans,
  onClose,
  onDone,
}: MemberActionDialogProps) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  // One idempotency key per dialog: a double submit or a retry applies once.
  const [requestId] = useState(() => crypto.randomUUID());
  const form = useForm({
    initialValues: {
      reason: '',
      planId: member.planId ?? plans[0]?.id ?? '',
      endsAt: '',
      days: 30 as number | string,
    },
    validate: {
      reason: (value) =>
        REASON_REQUIRED[action] && !value.trim() ? t('studio.members.reasonRequired') : null,
      planId: (value) => (action === 'grant' && !value ? t('validation.required') : null),
      days: (value) =>
        action === 'extend' && !(typeof value === 'number' && value >= 1) ? t('validation.required') : null,
    },
  });

  const run = async (values: typeof form.values) => {
    const reason = values.reason.trim() || undefined;
    const { userId } = member;
    if (action === 'grant')
      return grantMembership(communityId, userId, {
        planId: values.planId,
        endsAt: fromLocalInput(values.endsAt),
        reason,
        requestId,
      });
    if (action === 'extend')
      return extendMembership(communityId, userId, { days: Number(values.days), reason, requestId });
    if (action === 'revoke') return revokeMembership(communityId, userId, reason ?? '');
    if (action === 'ban') return banMember(communityId, userId, reason ?? '');
    return unbanMember(communityId, userId, reason);
  };

  const handleSubmit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await run(values);
      await onDone();
      onClose();
    } catch (error) {
      setFormError(applyServerErrors(form, error, t));
    }
  });

  return (
    <Modal
      opened
      onClose={onClose}
      title={t(`studio.members.dialog.${action}`, { name: member.displayName })}
      centered
    >
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          <FormError message={formError} />
          {action === 'grant' && (
            <>
              <Select
                label={t('studio.members.plan')}
                data={plans.map((plan) => ({ value: plan.id, label: plan.name }))}
                required
                allowDeselect={false}
                {...form.getInputProps('planId')}
              />
              <TextInput
                type="datetime-local"
                label={t('studio.members.endsAt')}
                description={t('studio.members.endsAtHint')}
                {...form.getInputProps('endsAt')}
              />
            </>
          )}
          {action === 'extend' && (
            <NumberInput
              label={t('studio.members.days')}
              min={1}
              max={36_500}
              allowDecimal={false}
              required
              {...form.getInputProps('days')}
            />
          )}
          <Textarea
            label={t('studio.members.reason')}
            description={t('studio.members.reasonHint')}
            required={REASON_REQUIRED[action]}
            autosize
            minRows={2}
            maxLength={500}
            data-autofocus
            {...form.getInputProps('reason')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              color={action === 'ban' || action === 'revoke' ? 'red' : undefined}
              loading={form.submitting}
            >
              {t(`studio.members.actions.${action}`)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
