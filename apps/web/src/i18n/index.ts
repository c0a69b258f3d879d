import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { resources } from './resources';

export const UI_LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'zh', label: '简体中文' },
] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number]['code'];

/** Remembered choice first, then the browser's language; Chinese of any region reads Simplified Chinese. */
void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources,
    fallbackLng: 'en',
    supportedLngs: ['en', 'zh'],
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    detection: { order: ['localStorage', 'navigator'], lookupLocalStorage: 'ws.language', caches: ['localStorage'] },
    returnNull: false,
  });

/** The UI language in use, as one of UI_LANGUAGES. */
export function currentUiLanguage(): UiLanguage {
  return i18n.resolvedLanguage === 'zh' ? 'zh' : 'en';
}

export default i18n;
