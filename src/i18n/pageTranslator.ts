/**
 * The one string lookup for page scripts: the strings `scriptStrings` wrote
 * into the page, read with i18next, so `{{name}}` values and plurals
 * (`count` picks `_one`, `_few`, `_other`… as the language needs) work as
 * they do at build time. A key that is missing reads as the key itself.
 *
 * @example
 * const t = pageTranslator("fr", { notebook: { showMore_one: "{{count}} ligne de plus", showMore_other: "{{count}} lignes de plus" } });
 * t("notebook.showMore", { count: 2 }) // "2 lignes de plus"
 */
import i18next from "i18next";

export type PageTranslate = (key: string, values?: Record<string, string | number>) => string;

export function pageTranslator(locale: string, strings: Record<string, unknown>, keyPrefix?: string): PageTranslate {
  const instance = i18next.createInstance();
  void instance.init({
    resources: { [locale]: { translation: strings } },
    lng: locale,
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  const fixed = instance.getFixedT(locale, null, keyPrefix);
  return (key, values) => String(fixed(key, values ?? {}));
}
