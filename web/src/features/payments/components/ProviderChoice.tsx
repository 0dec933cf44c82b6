import { Radio, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Provider } from '../types';

/** The ways to pay the server offers, one radio each. */
export function ProviderChoice({
  providers,
  value,
  onChange,
}: {
  providers: Provider[];
  value: Provider | null;
  onChange: (provider: Provider) => void;
}) {
  const { t } = useTranslation();
  return (
    <Radio.Group
      label={t('payments.provider.label')}
      value={value}
      onChange={(next) => onChange(next as Provider)}
      required
    >
      <Stack gap="xs" mt="xs">
        {providers.map((provider) => (
          <Radio
            key={provider}
            value={provider}
            label={t(`payments.provider.${provider}`)}
            description={t(`payments.provider.hint.${provider}`)}
          />
        ))}
      </Stack>
    </Radio.Group>
  );
}
