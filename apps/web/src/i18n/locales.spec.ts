import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const LOCALES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'locales');

/** `{"a": {"b": "x"}}` → `{"a.b": "x"}`. */
function flatten(value: unknown, prefix = ''): Record<string, string> {
  if (typeof value === 'string') return { [prefix]: value };
  return Object.entries(value as Record<string, unknown>).reduce<Record<string, string>>(
    (all, [key, inner]) => ({ ...all, ...flatten(inner, prefix ? `${prefix}.${key}` : key) }),
    {},
  );
}

/** A text's {{placeholders}}; plural forms may leave out {{count}} ("One visit"). */
const placeholders = (key: string, text: string) =>
  [...text.matchAll(/\{\{\s*(\w+)/g)]
    .map((match) => match[1])
    .filter((name) => !(name === 'count' && /_(zero|one|two|few|many|other)$/.test(key)))
    .sort();

describe('UI texts', () => {
  const namespaces = readdirSync(path.join(LOCALES, 'en')).filter((file) => file.endsWith('.json'));

  it('has the same namespaces in English and Chinese', () => {
    expect(readdirSync(path.join(LOCALES, 'zh')).sort()).toEqual([...namespaces].sort());
  });

  it.each(namespaces)('%s: every English key has a Chinese text with the same placeholders, and none is empty', (file) => {
    const read = (language: string) => flatten(JSON.parse(readFileSync(path.join(LOCALES, language, file), 'utf8')));
    const en = read('en');
    const zh = read('zh');
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      expect([key, text.trim().length > 0, zh[key]!.trim().length > 0]).toEqual([key, true, true]);
      expect([key, placeholders(key, zh[key]!)]).toEqual([key, placeholders(key, text)]);
    }
  });
});
