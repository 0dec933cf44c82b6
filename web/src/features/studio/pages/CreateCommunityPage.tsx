import { Anchor, Breadcrumbs, Card, Container, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { createCommunity } from '../api';
import { CommunityForm, type CommunityFormValues, toCommunityInput } from '../components/CommunityForm';
import { studioKeys } from '../hooks';

function defaults(): CommunityFormValues {
  const language = currentLanguage();
  return {
    slug: '',
    name: '',
    description: '',
    visibility: 'listed',
    joinPolicy: 'open',
    memberCap: '',
    timezone:
      Intl.DateTimeFormat().resolvedOptions().timeZone || (language === 'zh-CN' ? 'Asia/Shanghai' : 'UTC'),
    language,
    welcomeMessage: '',
    rulesText: '',
  };
}

export function CreateCommunityPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const submit = async (values: CommunityFormValues) => {
    const community = await createCommunity(toCommunityInput(values));
    await queryClient.invalidateQueries({ queryKey: studioKeys.mine });
    navigate(`/studio/c/${community.slug}/plans`, { state: { created: true } });
  };

  return (
    <Container size="lg" py="xl">
      <Stack gap="lg">
        <Breadcrumbs>
          <Anchor component={Link} to="/studio">
            {t('studio.title')}
          </Anchor>
          <Text>{t('studio.create.title')}</Text>
        </Breadcrumbs>
        <Stack gap={4}>
          <Title order={1}>{t('studio.create.title')}</Title>
          <Text c="dimmed">{t('studio.create.subtitle')}</Text>
        </Stack>
        <Card withBorder radius="md" padding="lg">
          <CommunityForm
            initialValues={defaults()}
            submitLabel={t('studio.create.submit')}
            onSubmit={submit}
            suggestSlugFromName
          />
        </Card>
      </Stack>
    </Container>
  );
}
