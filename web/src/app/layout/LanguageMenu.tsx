import { Button, Menu, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe, useUpdateProfile } from '../../features/accounts/hooks';
import { chooseLanguage, currentLanguage } from '../../i18n';
import { LANGUAGES, type Language } from '../../i18n/language';
import { ChevronDownIcon, LanguageIcon } from '../../ui/icons';

export function LanguageMenu() {
  const { t } = useTranslation();
  const { data: user } = useMe();
  const updateProfile = useUpdateProfile();
  const active = currentLanguage();

  const choose = async (lng: Language) => {
    await chooseLanguage(lng);
    // Keep the account's language (used for e-mail) in step with the interface.
    if (user && user.locale !== lng) updateProfile.mutate({ locale: lng });
  };

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          size="sm"
          px="xs"
          leftSection={<LanguageIcon />}
          rightSection={<ChevronDownIcon size={14} />}
          aria-label={t('language.switch', { current: t(`language.${active}`) })}
        >
          <Text span inherit visibleFrom="xs">
            {t(`language.${active}`)}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {LANGUAGES.map((lng) => (
          <Menu.Item
            key={lng}
            onClick={() => void choose(lng)}
            lang={lng}
            fw={lng === active ? 700 : undefined}
            aria-current={lng === active ? 'true' : undefined}
          >
            {t(`language.${lng}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
