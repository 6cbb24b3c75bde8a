/**
 * Which files beside a lesson are its data, and what a cell gets for each.
 * Any `.json` or `.csv` file in the lesson's folder or below it
 * (`content/lessons/<lesson>/data/levels.json`) is data: served beside the
 * lesson's pages, importable by its cells as `./data/levels.json`, typed in
 * the editor from its content. Not data: `recorded.json` (recorded cell
 * outputs) and `<name>.schema.json` (the JSON Schema that validates
 * `<name>.json` or `<name>.csv` at check time). A translation may have its
 * own copy, `<name>.<locale>.json` (e.g. `levels.fr.json`), which its pages
 * serve under the source's name; otherwise it shares the source's file.
 *
 * @example
 * isDataFile("data/levels.json")      // true
 * schemaPathOf("data/levels.fr.json") // "data/levels.schema.json"
 * servedDataFiles(files, "fr")        // Map { "data/levels.json" => <levels.fr.json's text> }
 */
import { csvColumns } from "./csvRows.ts";
// The registry's file itself, not locales.ts: the editor's language service worker imports this module, and needs no schema library.
import registry from "../i18n/locales.json" with { type: "json" };

const codes: readonly string[] = registry.locales.map((l) => l.code);

/** A path inside a lesson's folder (no `..`, no leading slash) naming a data file. */
const DATA_PATH = /^(?:[\w-]+\/)*[\w-]+(?:\.[\w-]+)*\.(?:json|csv)$/;

export interface DataFileText {
  /** Relative to the lesson's folder, with `/`: `data/levels.json`. */
  path: string;
  text: string;
}

export function isDataFile(path: string): boolean {
  return DATA_PATH.test(path) && path !== "recorded.json" && !path.endsWith(".schema.json");
}

/** The locale of a translation's own copy (`levels.fr.json` → "fr"), if the path is one. */
function variantLocale(path: string): string | undefined {
  const match = /\.([\w-]+)\.(?:json|csv)$/.exec(path);
  return match && codes.includes(match[1]!) ? match[1] : undefined;
}

/** The name cells import a file by: a translation's copy answers to the source's name. */
export function baseDataPath(path: string): string {
  const locale = variantLocale(path);
  return locale ? path.replace(`.${locale}.`, ".") : path;
}

/** The schema file that validates a data file, whether or not it exists. */
export function schemaPathOf(path: string): string {
  return baseDataPath(path).replace(/\.(?:json|csv)$/, ".schema.json");
}

/** The data files one locale's pages serve, by the name cells import them by. */
export function servedDataFiles(files: readonly DataFileText[], locale: string): Map<string, string> {
  const served = new Map<string, string>();
  for (const f of files) if (isDataFile(f.path) && !variantLocale(f.path)) served.set(f.path, f.text);
  for (const f of files) if (isDataFile(f.path) && variantLocale(f.path) === locale) served.set(baseDataPath(f.path), f.text);
  return served;
}

/**
 * What the language service reads for a data file: JSON as it is (its type
 * comes from its content), and for a CSV a declaration of its rows, one
 * string property per column.
 */
export function dataDeclaration(path: string, text: string): string {
  if (!path.endsWith(".csv")) return text;
  const columns = csvColumns(text).map((c) => `${JSON.stringify(c)}: string`);
  return `declare const rows: { ${columns.join("; ")} }[];\nexport default rows;\n`;
}
