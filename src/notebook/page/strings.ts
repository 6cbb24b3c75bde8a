/**
 * The notebook's UI strings in the page's language, rendered into the page
 * at build time (`<script type="application/json" id="notebook-strings">`)
 * so the browser never loads other languages.
 *
 * @example
 * const t = pageStrings(document);
 * t("runningFor", { seconds: "1.2" }) // "Running… 1.2 s"
 */
export type Strings = (key: string, values?: Record<string, string | number>) => string;

export function pageStrings(doc: Document): Strings {
  let table: Record<string, unknown> = {};
  try {
    table = JSON.parse(doc.getElementById("notebook-strings")?.textContent ?? "{}") as Record<string, unknown>;
  } catch {
    table = {};
  }
  return (key, values) => {
    let text: unknown = table;
    for (const part of key.split(".")) text = (text as Record<string, unknown> | undefined)?.[part];
    if (typeof text !== "string") return key;
    return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values?.[name] ?? ""));
  };
}
