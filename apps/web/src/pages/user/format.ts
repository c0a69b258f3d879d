/** Number and date formats for the list, in the page's language (Intl, no extra libraries). */

const KB = 1024;
const MB = 1024 * KB;
const GB = 1024 * MB;

/** 512 kB, 3.4 MB, 1.2 GB (binary units, as the upload limit is counted). */
export function formatBytes(bytes: number, language: string): string {
  const [value, unit] =
    bytes >= GB ? [bytes / GB, 'gigabyte'] : bytes >= MB ? [bytes / MB, 'megabyte'] : [bytes / KB, 'kilobyte'];
  return new Intl.NumberFormat(language, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}

/** 0:42, 12:05, 1:02:03. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
];

/** "5 minutes ago", "yesterday"; past a week, the date. */
export function formatRelative(date: Date, now: number, language: string): string {
  let value = (date.getTime() - now) / 1000;
  for (const [unit, size] of RELATIVE_UNITS) {
    if (Math.abs(value) < size) {
      const rounded = unit === 'second' && Math.abs(value) < 45 ? 0 : Math.round(value);
      return new Intl.RelativeTimeFormat(language, { numeric: 'auto' }).format(rounded, unit);
    }
    value /= size;
  }
  return formatDateTime(date, language, { dateStyle: 'medium' });
}

export function formatDateTime(
  date: Date,
  language: string,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' },
): string {
  return new Intl.DateTimeFormat(language, options).format(date);
}
