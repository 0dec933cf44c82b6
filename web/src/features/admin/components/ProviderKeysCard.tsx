import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  PasswordInput,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/errors';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { formatDateTime } from '../../../ui/format';
import { useProviderKeys } from '../hooks';
import type { KeyedProvider, ProviderKeysStatus, SaveKeysInput } from '../types';

type FieldName = keyof SaveKeysInput;
interface FieldUi {
  name: FieldName;
  secret: boolean;
  multiline?: boolean;
  optional?: boolean;
}

/** The form's fields per provider; the server checks each and names the one that is wrong. */
export const PROVIDER_FORM: Record<KeyedProvider, FieldUi[]> = {
  stripe: [
    { name: 'secretKey', secret: true },
    { name: 'webhookSecret', secret: true },
  ],
  alipay: [
    { name: 'appId', secret: false },
    { name: 'privateKey', secret: true, multiline: true },
    { name: 'alipayPublicKey', secret: false, multiline: true },
    { name: 'gateway', secret: false, optional: true },
  ],
  wechatpay: [
    { name: 'mchId', secret: false },
    { name: 'appId', secret: false },
    { name: 'merchantSerialNo', secret: false },
    { name: 'merchantPrivateKey', secret: true, multiline: true },
    { name: 'apiV3Key', secret: true },
    { name: 'platformPublicKey', secret: false, multiline: true },
    { name: 'platformSerialNo', secret: false },
  ],
};

const fieldOf = (path: string) => path.split(/[/.]/).filter(Boolean).at(-1) ?? '';

/**
 * One provider's keys for one scope: what is saved (which fields are set, never their values),
 * whose keys payments use now, and a form where a blank field keeps the saved value.
 */
export function ProviderKeysCard({
  status,
  community,
}: {
  status: ProviderKeysStatus;
  community: string | null;
}) {
  const { t, i18n } = useTranslation();
  const { provider, saved } = status;
  const fields = PROVIDER_FORM[provider];
  const [values, setValues] = useState<Partial<Record<FieldName, string>>>({});
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<'saved' | 'deleted' | null>(null);
  const { save, remove } = useProviderKeys(community);
  const busy = save.isPending || remove.isPending;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setDone(null);
    setFormError(null);
    setErrors({});
    const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v && v.trim() !== ''));
    save.mutate(
      { provider, body },
      {
        onSuccess: () => {
          setValues({});
          setDone('saved');
        },
        onError: (error) => {
          const placed: Partial<Record<FieldName, string>> = {};
          if (isApiError(error))
            for (const fe of error.fieldErrors) {
              const name = fieldOf(fe.path) as FieldName;
              // The server's reason is in English: other languages get it after a translated lead.
              if (fields.some((f) => f.name === name))
                placed[name] = i18n.language.startsWith('en')
                  ? fe.message
                  : t('admin.keys.invalidField', { reason: fe.message });
            }
          setErrors(placed);
          setFormError(Object.keys(placed).length > 0 ? t('admin.keys.fixFields') : errorMessage(t, error));
        },
      },
    );
  };

  const summaryOf = (name: FieldName) => saved?.fields.find((f) => f.name === name);
  const originLabel = status.active ? t(`admin.keys.origin.${status.active}`) : t('admin.keys.off');

  return (
    <Card withBorder radius="md" padding="lg" data-provider={provider}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Title order={3} size="h4">
              {t(`admin.providers.${provider}`)}
            </Title>
            <Text size="sm" c="dimmed">
              {t('admin.keys.inUse', { origin: originLabel })}
            </Text>
          </Stack>
          <Badge color={saved ? (saved.readable ? 'teal' : 'red') : 'gray'} variant="light">
            {saved
              ? saved.readable
                ? t('admin.keys.saved')
                : t('admin.keys.unreadableBadge')
              : t('admin.keys.notSaved')}
          </Badge>
        </Group>
        {saved && !saved.readable && (
          <Alert color="red" variant="light" role="alert">
            {t('admin.keys.unreadable')}
          </Alert>
        )}
        {saved && (
          <Text size="sm" c="dimmed">
            {t('admin.keys.updated', {
              when: formatDateTime(saved.updatedAt, i18n.language),
              who: saved.updatedBy?.displayName ?? '—',
            })}
          </Text>
        )}
        <Text size="sm">
          {t('admin.keys.webhook')} <Code>{status.webhookUrl}</Code>
        </Text>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <FormError message={formError} />
            {fields.map((field) => {
              const summary = summaryOf(field.name);
              const isSet = summary?.set === true;
              const label = t(`admin.keys.fields.${field.name}`);
              const hint = isSet
                ? summary?.hint
                  ? t('admin.keys.setWithHint', { hint: summary.hint })
                  : t('admin.keys.set')
                : field.optional
                  ? t('admin.keys.optional')
                  : t('admin.keys.notSet');
              const common = {
                label,
                description: hint,
                placeholder: isSet ? t('admin.keys.keepPlaceholder') : '',
                value: values[field.name] ?? '',
                error: errors[field.name],
                autoComplete: 'off',
                'data-field': field.name,
                onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
                  const value = e.currentTarget.value;
                  setValues((v) => ({ ...v, [field.name]: value }));
                },
              };
              if (field.multiline)
                return (
                  <Textarea
                    key={field.name}
                    {...common}
                    autosize
                    minRows={2}
                    maxRows={8}
                    styles={{ input: { fontFamily: 'monospace' } }}
                  />
                );
              return field.secret ? (
                <PasswordInput key={field.name} {...common} />
              ) : (
                <TextInput key={field.name} {...common} />
              );
            })}
            <Group gap="sm">
              <Button type="submit" loading={save.isPending} disabled={busy}>
                {t('admin.keys.save')}
              </Button>
              {saved && (
                <Button
                  variant="subtle"
                  color="red"
                  disabled={busy}
                  loading={remove.isPending}
                  onClick={() => {
                    if (!window.confirm(t('admin.keys.confirmDelete'))) return;
                    setDone(null);
                    remove.mutate(provider, { onSuccess: () => setDone('deleted') });
                  }}
                >
                  {t('admin.keys.delete')}
                </Button>
              )}
              {done && (
                <Text role="status" c="teal" size="sm">
                  {done === 'saved' ? t('admin.keys.savedNotice') : t('admin.keys.deletedNotice')}
                </Text>
              )}
            </Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}
