/**
 * The one string lookup for page scripts: the strings `scriptStrings` wrote
 * into the page, with `{{name}}` values and plurals (`count` picks `_zero`,
 * `_one`, `_two`, `_few`, `_many` or `_other`, i18next's key suffixes, as the
 * language needs), and the count is written the language's way (1 234, 1.234).
 * A key that is missing reads as the key itself.
 * Written here rather than loading i18next into the page: the plural rules
 * come from the browser's own `Intl.PluralRules`, so the lookup costs the
 * reader a few hundred bytes instead of i18next's bundle.
 *
 * @example
 * const t = pageTranslator("fr", { notebook: { showMore_one: "{{count}} ligne de plus", showMore_other: "{{count}} lignes de plus" } });
 * t("notebook.showMore", { count: 2 }) // "2 lignes de plus"
 */
export type PageTranslate = (key: string, values?: Record<string, string | number>) => string;

export function pageTranslator(locale: string, strings: Record<string, unknown>, keyPrefix?: string): PageTranslate {
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  const find = (path: string): string | undefined => {
    let node: unknown = strings;
    for (const part of path.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
    return typeof node === "string" ? node : undefined;
  };
  return (key, values) => {
    const full = keyPrefix ? `${keyPrefix}.${key}` : key;
    const count = values?.count;
    const text =
      typeof count === "number"
        ? ((count === 0 ? find(`${full}_zero`) : undefined) ?? find(`${full}_${plurals.select(count)}`) ?? find(`${full}_other`) ?? find(full))
        : find(full);
    if (text === undefined) return full;
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
      const value = values?.[name];
      return name === "count" && typeof value === "number" ? numbers.format(value) : String(value ?? "");
    });
  };
}
