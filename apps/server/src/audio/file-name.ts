const MAX_LENGTH = 255;

/**
 * The user's file name, made safe to store and show: no directories (either slash), no control
 * characters, at most 255 characters (whole code points), never empty.
 */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/\p{Cc}/gu, '')
    .trim()
    .replace(/^\.+$/, '');
  return Array.from(cleaned).slice(0, MAX_LENGTH).join('') || 'audio';
}

/**
 * A Content-Disposition value for a download: an ASCII fallback (quotes, backslashes and
 * non-ASCII replaced) plus the exact UTF-8 name in RFC 5987 form.
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
