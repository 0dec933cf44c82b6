import { Card, Container, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The operator's start page: where each setting lives. */
export function AdminHomePage() {
  const { t } = useTranslation();
  const sections = [
    { to: '/admin/payments', title: t('admin.payments.title'), text: t('admin.payments.subtitle') },
    { to: '/admin/payouts', title: t('admin.payouts.title'), text: t('admin.payouts.subtitle') },
    { to: '/admin/mail', title: t('admin.mail.title'), text: t('admin.mail.subtitle') },
  ];
  return (
    <Container size="lg" py="xl">
      <Stack gap="xl">
        <Title order={1}>{t('admin.title')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg">
          {sections.map((s) => (
            <Card key={s.to} component={Link} to={s.to} withBorder radius="md" padding="lg">
              <Stack gap={6}>
                <Title order={2} size="h4">
                  {s.title}
                </Title>
                <Text c="dimmed" size="sm">
                  {s.text}
                </Text>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      </Stack>
    </Container>
  );
}
