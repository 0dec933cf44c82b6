import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../ui/error-message';
import { useStudioCommunity } from '../context';
import { type DeleteTarget, useDeleteContent } from '../hooks';

interface ConfirmDeleteModalProps {
  target: DeleteTarget;
  onClose: () => void;
  onDeleted: (target: DeleteTarget) => void;
}

/**
 * Says what a deletion takes with it (lessons, members' progress) before doing it, then reports
 * the outcome as a notification. A failure keeps the dialog open to retry or cancel.
 */
export function ConfirmDeleteModal({ target, onClose, onDeleted }: ConfirmDeleteModalProps) {
  const { t } = useTranslation();
  const { community } = useStudioCommunity();
  const remove = useDeleteContent(community.id);
  const { kind, title } = target;
  const count = target.kind === 'lesson' ? 1 : target.lessonCount;

  const confirm = async () => {
    try {
      await remove.mutateAsync(target);
      notifications.show({ color: 'teal', message: t(`studio.deletion.${kind}Done`, { title }) });
      onClose();
      onDeleted(target);
    } catch (error) {
      notifications.show({
        color: 'red',
        title: t('studio.deletion.failed'),
        message: errorMessage(t, error),
      });
    }
  };

  return (
    <Modal opened onClose={onClose} title={t(`studio.deletion.${kind}Title`, { title })} centered>
      <Stack gap="md">
        <Text>{t(`studio.deletion.${kind}Body`, { count })}</Text>
        <Text size="sm" c="dimmed">
          {t('studio.deletion.filesStay')}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => void confirm()}>
            {t(`studio.deletion.${kind}Confirm`)}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
