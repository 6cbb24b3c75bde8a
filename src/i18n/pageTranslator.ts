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
 * Keys are typed from `locales/en.json` (`uiKeys.ts`): the sections given
 * decide which keys a lookup accepts, so a misspelt key fails `npm run
 * check`. A key made at run time from data (a backend's kind, a kernel
 * note) goes through `optional`, which says when there is no such string.
 *
 * @example
 * const t = pageTranslator("fr", { notebook: { showMore_one: "{{count}} ligne de plus", showMore_other: "{{count}} lignes de plus" } });
 * t("notebook.showMore", { count: 2 }) // "2 lignes de plus"
 * const n = pageTranslator("fr", { notebook: { run: "Exécuter" } }, "notebook");
 * n("run") // "Exécuter"
 */
import type { KeyUnder, SectionKey, UiSection } from "./uiKeys.ts";

type PageValues = Record<string, string | number>;

export interface PageTranslate<K extends string> {
  /** The text of a known key, with its values filled in. */
  (key: K, values?: PageValues): string;
  /** The text of a key composed at run time, or undefined when the page has no such string. */
  optional(key: string, values?: PageValues): string | undefined;
}

/** Sections of UI strings as a page gets them: `{ notebook: { … }, search: { … } }`. */
export type PageStrings<S extends UiSection> = { readonly [K in S]?: unknown };

/** Keys in full (`"search.loading"`), from the sections given. */
export function pageTranslator<S extends UiSection>(locale: string, strings: PageStrings<S>): PageTranslate<SectionKey<S>>;
/** Keys of one section without its name (`"runningFor"` for `notebook.runningFor`). */
export function pageTranslator<S extends UiSection>(locale: string, strings: PageStrings<S>, keyPrefix: S): PageTranslate<KeyUnder<S>>;
export function pageTranslator(locale: string, strings: PageStrings<UiSection>, keyPrefix?: UiSection): PageTranslate<string> {
  // Made on the first count: a browser's first Intl object of a language takes tens of milliseconds, which a page's first output need not wait for.
  let plurals: Intl.PluralRules | undefined;
  let numbers: Intl.NumberFormat | undefined;
  const find = (path: string): string | undefined => {
    let node: unknown = strings;
    for (const part of path.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
    return typeof node === "string" ? node : undefined;
  };
  const optional = (key: string, values?: PageValues): string | undefined => {
    const full = keyPrefix ? `${keyPrefix}.${key}` : key;
    const count = values?.count;
    const text =
      typeof count === "number"
        ? ((count === 0 ? find(`${full}_zero`) : undefined) ?? find(`${full}_${(plurals ??= new Intl.PluralRules(locale)).select(count)}`) ?? find(`${full}_other`) ?? find(full))
        : find(full);
    return text?.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
      const value = values?.[name];
      return name === "count" && typeof value === "number" ? (numbers ??= new Intl.NumberFormat(locale)).format(value) : String(value ?? "");
    });
  };
  const translate = (key: string, values?: PageValues): string => optional(key, values) ?? (keyPrefix ? `${keyPrefix}.${key}` : key);
  return Object.assign(translate, { optional });
}
