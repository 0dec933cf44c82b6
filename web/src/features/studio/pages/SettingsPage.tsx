import { Alert, Card, SimpleGrid, Stack, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { updateCommunity } from '../api';
import { CommunityForm, type CommunityFormValues, toCommunityInput } from '../components/CommunityForm';
import { ImageSetting } from '../components/ImageSetting';
import { PaidSettingsCard } from '../components/PaidSettingsCard';
import { useStudioCommunity } from '../context';
import { studioKeys } from '../hooks';
import type { Community, UpdateCommunityInput } from '../types';

const formValues = (c: Community): CommunityFormValues => ({
  slug: c.slug,
  name: c.name,
  description: c.description,
  visibility: c.visibility,
  joinPolicy: c.joinPolicy,
  memberCap: c.memberCap ?? '',
  timezone: c.timezone,
  language: c.language,
  welcomeMessage: c.welcomeMessage,
  rulesText: c.rulesText,
});

export function SettingsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { community, canManage } = useStudioCommunity();
  const [saved, setSaved] = useState(false);

  const save = async (body: UpdateCommunityInput) => {
    setSaved(false);
    const updated = await updateCommunity(community.id, body);
    await queryClient.invalidateQueries({ queryKey: studioKeys.all });
    if (updated.slug !== community.slug) navigate(`/studio/c/${updated.slug}`, { replace: true });
    return updated;
  };

  if (!canManage) {
    return (
      <Alert color="blue" variant="light">
        {t('studio.settings.ownerOnly')}
      </Alert>
    );
  }

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <ImageSetting
          label={t('studio.settings.cover')}
          shape="cover"
          fileId={community.coverFileId}
          communityId={community.id}
          fallbackName={community.name}
          onChange={(coverFileId) => save({ coverFileId })}
        />
        <ImageSetting
          label={t('studio.settings.avatar')}
          shape="avatar"
          fileId={community.avatarFileId}
          communityId={community.id}
          fallbackName={community.name}
          onChange={(avatarFileId) => save({ avatarFileId })}
        />
      </SimpleGrid>
      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <Title order={2} size="h4">
            {t('studio.settings.title')}
          </Title>
          {saved && (
            <Alert color="teal" variant="light" role="status" withCloseButton onClose={() => setSaved(false)}>
              {t('studio.settings.saved')}
            </Alert>
          )}
          <CommunityForm
            key={community.updatedAt}
            initialValues={formValues(community)}
            submitLabel={t('common.save')}
            onSubmit={async (values) => {
              await save(toCommunityInput(values));
              setSaved(true);
            }}
          />
        </Stack>
      </Card>
      <PaidSettingsCard communityId={community.id} />
    </Stack>
  );
}
