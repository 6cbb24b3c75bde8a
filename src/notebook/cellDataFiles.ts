/**
 * The lesson data files a lesson's cells import (`import data from
 * "./models.json"`), found in their code at build time: the page names them
 * (`data-cell-data`) so its loader fetches them with the kernel on the
 * reader's first intent, rather than the kernel fetching them once a cell
 * has started running. Only what the kernel itself would read as a data
 * file counts (kernel/modules.ts).
 *
 * @example
 * cellDataFiles([{ code: 'import lessonData from "./models.json" with { type: "json" };' }]) // ["./models.json"]
 */
import { DATA_FILE } from "./kernel/modules.ts";

const IMPORT = /\bimport\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"'\n]+)["']/g;

export function cellDataFiles(cells: readonly { code: string }[]): string[] {
  const found = cells.flatMap((cell) => [...cell.code.matchAll(IMPORT)].map((m) => m[1]!));
  return [...new Set(found.filter((specifier) => DATA_FILE.test(specifier)))];
}
