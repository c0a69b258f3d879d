import enAuth from './locales/en/auth.json';
import enCommon from './locales/en/common.json';
import enTranscriptions from './locales/en/transcriptions.json';
import zhAuth from './locales/zh/auth.json';
import zhCommon from './locales/zh/common.json';
import zhTranscriptions from './locales/zh/transcriptions.json';

/**
 * The texts of the first page (frame, sign-in, the list), in the initial bundle. The other pages'
 * namespaces come with the pages (page-texts.ts). Every English key has its Chinese twin
 * (locales.spec.ts checks).
 */
export const resources = {
  en: { common: enCommon, auth: enAuth, transcriptions: enTranscriptions },
  zh: { common: zhCommon, auth: zhAuth, transcriptions: zhTranscriptions },
} as const;
