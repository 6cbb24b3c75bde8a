/**
 * The notebook's UI strings in the page's language, in a file of their own
 * named by the notebook bar's `data-strings` (written at build time by
 * Cell.astro), so the browser never loads other languages and a reader who
 * never runs anything never loads them at all. The page's loader fetches
 * them with the notebook and hands them over (`setNotebookStrings`);
 * `pageStrings` reads them with the site's one page-script lookup (values
 * and plurals), by keys of the `notebook` section, typed from
 * `locales/en.json`. Should the file not come, each string reads as its key.
 *
 * @example
 * setNotebookStrings({ runningFor: "Running… {{seconds}} s" });
 * const t = pageStrings(document);
 * t("runningFor", { seconds: "1.2" }) // "Running… 1.2 s"
 */
import { pageTranslator, type PageTranslate } from "../../i18n/pageTranslator.ts";
import type { KeyUnder } from "../../i18n/uiKeys.ts";

/** The notebook's lookup: keys of the `notebook` section, without its name. */
export type Strings = PageTranslate<KeyUnder<"notebook">>;

let table: Record<string, unknown> | undefined;

export function setNotebookStrings(strings: Record<string, unknown> | undefined): void {
  if (strings) table = strings;
}

export function pageStrings(doc: Document): Strings {
  return pageTranslator(doc.documentElement.lang || "en", { notebook: table ?? {} }, "notebook");
}
