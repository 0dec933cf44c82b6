import { Badge, Button, Menu, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { formatDate } from '../../../ui/format';
import { ChevronDownIcon } from '../../../ui/icons';
import type { Member, Plan, StaffRole } from '../types';
import type { MemberAction } from './MemberActionDialog';
import { MemberStateBadge } from './StatusBadge';

interface MemberRowProps {
  member: Member;
  plans: Plan[];
  canManage: boolean;
  onAction: (action: MemberAction) => void;
  onRole: (role: StaffRole | null) => void;
  onHistory: () => void;
}

export function MemberRow({ member, plans, canManage, onAction, onRole, onHistory }: MemberRowProps) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const plan = plans.find((p) => p.id === member.planId);
  const banned = member.state === 'banned';
  const live = member.state === 'active' || member.state === 'pending';

  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={500}>{member.displayName}</Text>
      </Table.Td>
      <Table.Td>
        {member.role ? (
          <Badge variant="light" color="teal">
            {t(`studio.role.${member.role}`)}
          </Badge>
        ) : (
          '—'
        )}
      </Table.Td>
      <Table.Td>{member.state && <MemberStateBadge state={member.state} />}</Table.Td>
      <Table.Td>{plan?.name ?? '—'}</Table.Td>
      <Table.Td>{formatDate(member.joinedAt, language)}</Table.Td>
      <Table.Td>{member.endsAt ? formatDate(member.endsAt, language) : t('studio.members.noEnd')}</Table.Td>
      <Table.Td>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button
              size="xs"
              variant="default"
              rightSection={<ChevronDownIcon size={14} />}
              aria-label={t('studio.members.actionsFor', { name: member.displayName })}
            >
              {t('studio.actions')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={onHistory}>{t('studio.members.history')}</Menu.Item>
            {canManage && (
              <>
                <Menu.Divider />
                <Menu.Item onClick={() => onAction('grant')} disabled={banned}>
                  {t('studio.members.actions.grant')}
                </Menu.Item>
                <Menu.Item onClick={() => onAction('extend')} disabled={!live}>
                  {t('studio.members.actions.extend')}
                </Menu.Item>
                <Menu.Item onClick={() => onAction('revoke')} disabled={!live} color="red">
                  {t('studio.members.actions.revoke')}
                </Menu.Item>
              </>
            )}
            <Menu.Divider />
            {banned ? (
              <Menu.Item onClick={() => onAction('unban')}>{t('studio.members.actions.unban')}</Menu.Item>
            ) : (
              <Menu.Item onClick={() => onAction('ban')} color="red">
                {t('studio.members.actions.ban')}
              </Menu.Item>
            )}
            {canManage && member.role !== 'owner' && (
              <>
                <Menu.Divider />
                <Menu.Label>{t('studio.members.roles')}</Menu.Label>
                <Menu.Item onClick={() => onRole('moderator')} disabled={member.role === 'moderator'}>
                  {t('studio.members.makeModerator')}
                </Menu.Item>
                <Menu.Item onClick={() => onRole('contributor')} disabled={member.role === 'contributor'}>
                  {t('studio.members.makeContributor')}
                </Menu.Item>
                <Menu.Item onClick={() => onRole(null)} disabled={!member.role}>
                  {t('studio.members.removeRole')}
                </Menu.Item>
              </>
            )}
          </Menu.Dropdown>
        </Menu>
      </Table.Td>
    </Table.Tr>
  );
}
