import { Accordion, Badge, Button, Container, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../ui/format';
import { QueryState } from '../../studio/components/QueryState';
import { AdminNav } from '../components/AdminNav';
import { useMail } from '../hooks';

/** Mail the site sent, newest first (the whole message when no SMTP server is set). */
export function MailPage() {
  const { t, i18n } = useTranslation();
  const mail = useMail();
  const items = mail.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Container size="lg" py="xl">
      <Stack gap="lg">
        <Title order={1}>{t('admin.mail.title')}</Title>
        <AdminNav />
        {mail.isSuccess ? (
          items.length === 0 ? (
            <Text c="dimmed">{t('admin.mail.empty')}</Text>
          ) : (
            <Accordion variant="separated">
              {items.map((m) => (
                <Accordion.Item key={m.id} value={m.id}>
                  <Accordion.Control>
                    <Group gap="sm" wrap="nowrap">
                      <Badge variant="light" color={m.transport === 'smtp' ? 'teal' : 'gray'}>
                        {m.transport === 'smtp' ? t('admin.mail.smtp') : t('admin.mail.log')}
                      </Badge>
                      <Text fw={500} truncate>
                        {m.subject}
                      </Text>
                      <Text c="dimmed" size="sm" truncate>
                        {m.to} · {formatDateTime(m.createdAt, i18n.language)}
                      </Text>
                    </Group>
                  </Accordion.Control>
                  <Accordion.Panel>
                    <Text component="pre" size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                      {m.text}
                    </Text>
                  </Accordion.Panel>
                </Accordion.Item>
              ))}
            </Accordion>
          )
        ) : (
          <QueryState error={mail.error} retry={() => void mail.refetch()} />
        )}
        {mail.hasNextPage && (
          <Button
            variant="default"
            onClick={() => void mail.fetchNextPage()}
            loading={mail.isFetchingNextPage}
          >
            {t('admin.loadMore')}
          </Button>
        )}
      </Stack>
    </Container>
  );
}
