import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

const UNITS = [
  { unit: 'day', seconds: 86_400 },
  { unit: 'hour', seconds: 3_600 },
  { unit: 'minute', seconds: 60 },
  { unit: 'second', seconds: 1 },
] as const;

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** Numbers, dates, durations and sizes in the page's language (Intl does the wording). */
export function useAdminFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const hourOfDay = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' });
    const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    const list = new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' });
    const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    const unitFormat = (unit: string, style: 'short' | 'long' = 'short') =>
      new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: style, maximumFractionDigits: 1 });
    return {
      number: (value: number) => number.format(value),
      dateTime: (iso: string) => dateTime.format(new Date(iso)),
      hourOfDay: (iso: string) => hourOfDay.format(new Date(iso)),
      /** "3 min, 20 sec": the two largest units, rounded to whole ones (below a second: one decimal). */
      duration(seconds: number): string {
        if (seconds < 1) return unitFormat('second').format(Math.round(seconds * 10) / 10);
        const parts: string[] = [];
        let rest = Math.round(seconds);
        for (const { unit, seconds: size } of UNITS) {
          const count = Math.floor(rest / size);
          if (count > 0 && parts.length < 2) parts.push(unitFormat(unit).format(count));
          else if (parts.length > 0) break;
          rest -= count * size;
        }
        return list.format(parts);
      },
      /** "2 minutes ago", counted from now. */
      ago(iso: string): string {
        const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
        const { unit, seconds: size } = UNITS.find((candidate) => Math.abs(seconds) >= candidate.seconds) ?? UNITS[3];
        return relative.format(Math.round(seconds / size), unit);
      },
      /** "1.5 GB" (decimal units, as disks are sold). */
      bytes(bytes: number): string {
        let value = bytes;
        let index = 0;
        while (value >= 1000 && index < BYTE_UNITS.length - 1) {
          value /= 1000;
          index++;
        }
        return unitFormat(BYTE_UNITS[index]!).format(value);
      },
    };
  }, [locale]);
}
