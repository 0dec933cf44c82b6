import { Group, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function Brand() {
  const { t } = useTranslation();
  return (
    <UnstyledButton component={Link} to="/" aria-label={t('nav.home')}>
      <Group gap={8} wrap="nowrap">
        <Text
          component="span"
          fw={800}
          fz="lg"
          c="white"
          bg="teal"
          w={32}
          h={32}
          ta="center"
          lh="32px"
          style={{ borderRadius: 8 }}
          aria-hidden="true"
        >
          {t('app.logo')}
        </Text>
        <Text component="span" fw={700} fz="lg" visibleFrom="xs" style={{ whiteSpace: 'nowrap' }}>
          {t('app.brand')}
        </Text>
      </Group>
    </UnstyledButton>
  );
}
