import 'i18next';
import type admin from './locales/en/admin.json';
import type settings from './locales/en/settings.json';
import type shared from './locales/en/shared.json';
import type transcript from './locales/en/transcript.json';
import type { resources } from './resources';

// t() keys are checked against the English texts at compile time, those loaded later included.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: (typeof resources)['en'] & {
      admin: typeof admin;
      transcript: typeof transcript;
      shared: typeof shared;
      settings: typeof settings;
    };
  }
}
