import { useTranslation } from 'react-i18next';

/** A position in a recording: "mm:ss", or "h:mm:ss" past an hour. */
export function formatClock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** Dates, durations and language names in the page's language. */
export function useFormatters() {
  const { t, i18n } = useTranslation('transcript');
  const locale = i18n.language;
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const languageNames = new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' });
  return {
    date: (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '—'),
    duration: (seconds: number | null | undefined) => (seconds == null ? '—' : formatClock(seconds)),
    language: (code: string | null | undefined) => {
      if (!code) return '—';
      if (code === 'auto') return t('details.languageAuto');
      try {
        return languageNames.of(code) ?? code;
      } catch {
        return code;
      }
    },
  };
}
