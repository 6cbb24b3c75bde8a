/**
 * The notebook's UI strings in the page's language, rendered into the page
 * at build time (`<script type="application/json" id="notebook-strings">`,
 * the `notebook` section alone) so the browser never loads other languages;
 * read with the site's one page-script lookup (values and plurals), by keys
 * of that section, typed from `locales/en.json`.
 *
 * @example
 * const t = pageStrings(document);
 * t("runningFor", { seconds: "1.2" }) // "Running… 1.2 s"
 */
import { pageTranslator, type PageTranslate } from "../../i18n/pageTranslator.ts";
import type { KeyUnder } from "../../i18n/uiKeys.ts";

/** The notebook's lookup: keys of the `notebook` section, without its name. */
export type Strings = PageTranslate<KeyUnder<"notebook">>;

export function pageStrings(doc: Document): Strings {
  let table: unknown = {};
  try {
    table = JSON.parse(doc.getElementById("notebook-strings")?.textContent ?? "{}");
  } catch {
    table = {};
  }
  return pageTranslator(doc.documentElement.lang || "en", { notebook: table }, "notebook");
}
