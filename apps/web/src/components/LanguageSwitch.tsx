import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentUiLanguage, UI_LANGUAGES } from '../i18n';

/** Switches the page's language; i18next remembers the choice in this browser. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('nav.language')}
      value={currentUiLanguage()}
      onChange={(language) => void i18n.changeLanguage(language)}
      data={UI_LANGUAGES.map((language) => ({ value: language.code, label: language.label }))}
    />
  );
}
