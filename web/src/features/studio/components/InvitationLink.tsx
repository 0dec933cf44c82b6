import { Alert, Button, CopyButton, Group, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The new invitation's link, shown once (the server keeps only its hash), with a copy button. */
export function InvitationLink({ url, onClose }: { url: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="teal"
      variant="light"
      title={t('studio.invitations.createdTitle')}
      withCloseButton
      onClose={onClose}
    >
      <Group gap="xs" align="flex-end" wrap="nowrap" mt="xs">
        <TextInput
          label={t('studio.invitations.link')}
          description={t('studio.invitations.linkHint')}
          value={url}
          readOnly
          onFocus={(event) => event.currentTarget.select()}
          style={{ flex: 1 }}
        />
        <CopyButton value={url}>
          {({ copied, copy }) => (
            <Button
              color={copied ? 'teal' : undefined}
              onClick={copy}
              variant={copied ? 'filled' : 'default'}
            >
              {copied ? t('studio.invitations.copied') : t('studio.invitations.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Alert>
  );
}
