/**
 * The notebook's UI strings in the page's language, rendered into the page
 * at build time (`<script type="application/json" id="notebook-strings">`)
 * so the browser never loads other languages; read with the site's one
 * page-script lookup (values and plurals).
 *
 * @example
 * const t = pageStrings(document);
 * t("runningFor", { seconds: "1.2" }) // "Running… 1.2 s"
 */
import { pageTranslator, type PageTranslate } from "../../i18n/pageTranslator.ts";

export type Strings = PageTranslate;

export function pageStrings(doc: Document): Strings {
  let table: Record<string, unknown> = {};
  try {
    table = JSON.parse(doc.getElementById("notebook-strings")?.textContent ?? "{}") as Record<string, unknown>;
  } catch {
    table = {};
  }
  return pageTranslator(doc.documentElement.lang || "en", table);
}
