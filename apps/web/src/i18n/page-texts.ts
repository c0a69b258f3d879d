import i18n, { UI_LANGUAGES } from './index';

/** Namespaces of pages loaded on demand. */
export type PageNamespace = 'admin' | 'transcript' | 'shared' | 'settings';

const bundles = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*/{admin,transcript,shared,settings}.json');

/**
 * Resolves to `page` once its namespaces are loaded in every UI language (so switching language
 * on that page needs no further download), keeping them out of the initial bundle.
 */
export async function withTexts<T>(namespaces: readonly PageNamespace[], page: Promise<T>): Promise<T> {
  await Promise.all(
    UI_LANGUAGES.flatMap(({ code }) =>
      namespaces.map(async (namespace) => {
        if (i18n.hasResourceBundle(code, namespace)) return;
        const texts = await bundles[`./locales/${code}/${namespace}.json`]!();
        i18n.addResourceBundle(code, namespace, texts.default, true, true);
      }),
    ),
  );
  return page;
}
