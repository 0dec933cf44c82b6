import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';

const SECTIONS = ['/admin/payments', '/admin/payouts', '/admin/mail'] as const;

/** Tabs between the operator's pages. */
export function AdminNav() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const labels: Record<(typeof SECTIONS)[number], string> = {
    '/admin/payments': t('admin.payments.title'),
    '/admin/payouts': t('admin.payouts.title'),
    '/admin/mail': t('admin.mail.title'),
  };
  return (
    <Tabs value={SECTIONS.find((s) => pathname.startsWith(s)) ?? null} onChange={(v) => v && navigate(v)}>
      <Tabs.List aria-label={t('admin.title')}>
        {SECTIONS.map((section) => (
          <Tabs.Tab key={section} value={section}>
            {labels[section]}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
