import { Anchor, Card, List, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { formatMoney } from '../../communities/money';
import { useReferralLink } from '../hooks';
import { CopyField } from './CopyField';

const percentOf = (basisPoints: number) => `${(basisPoints / 100).toLocaleString()}%`;

/** "Invite & earn": a member's referral link, shown when some plan of the community pays commission. */
export function ReferralCard({ communityId, isMember }: { communityId: string; isMember: boolean }) {
  const { t } = useTranslation();
  const link = useReferralLink(communityId, isMember);
  const language = currentLanguage();
  if (!link.data || link.data.programs.length === 0) return null;
  return (
    <Card
      withBorder
      radius="md"
      component="section"
      aria-labelledby="referral-title"
      data-testid="referral-card"
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id="referral-title">
          {t('referrals.card.title')}
        </Title>
        <Text fz="sm">{t('referrals.card.text')}</Text>
        <List size="sm" spacing={2}>
          {link.data.programs.map((program) => (
            <List.Item key={program.planId}>
              {t('referrals.card.program', {
                plan: program.planName,
                percent: percentOf(program.commissionBasisPoints),
                amount: formatMoney(
                  Math.floor((program.priceMinor * program.commissionBasisPoints) / 10_000),
                  program.currency,
                  language,
                ),
              })}
            </List.Item>
          ))}
        </List>
        <CopyField label={t('referrals.card.link')} value={link.data.url} testId="referral-link" />
        <Anchor component={Link} to="/me/referrals" size="sm">
          {t('referrals.card.mine')}
        </Anchor>
      </Stack>
    </Card>
  );
}
