/**
 * Build side of the notebook: a lesson's cells compiled with the kernel's
 * own compiler (kernel/compileSource.ts), as one JSON file the page fetches
 * when the reader first shows intent to run something, never as part of the
 * page. Each cell's entry is its code's fingerprint and its compiled form;
 * the file is named after the lesson and a hash of its content, so a
 * browser may keep it for good and a lesson's translations with the same
 * code share one file. Each distinct code is compiled once per build.
 *
 * @example
 * const file = compiledCellsFile("welcome", [{ id: "greeting", code: 'console.log("Hello")' }]);
 * file?.name // "welcome.3b9f0c51d2a4e687.json"
 */
import { createHash } from "node:crypto";
import { compileSource } from "./kernel/compileSource.ts";
import { sourceHash } from "./page/sourceHash.ts";

export interface CompiledCellsFile {
  /** The file's name: `<lesson>.<16 hex digits of its content's sha256>.json`. */
  name: string;
  json: string;
}

/** The JSON of one cell's entry, by its code. */
const entries = new Map<string, string>();

function entryJson(code: string): string {
  let json = entries.get(code);
  if (json === undefined) {
    json = JSON.stringify({ hash: sourceHash(code), compiled: compileSource(code) });
    entries.set(code, json);
  }
  return json;
}

/** The compiled cells of one lesson page (cells in page order, code as the page shows it); undefined when it has none. */
export function compiledCellsFile(lesson: string, cells: readonly { id: string; code: string }[]): CompiledCellsFile | undefined {
  if (cells.length === 0) return undefined;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(lesson)) throw new Error(`compiled cells: a lesson's folder name is lowercase letters, digits and dashes, not ${JSON.stringify(lesson)}`);
  const json = `{${cells.map((cell) => `${JSON.stringify(cell.id)}:${entryJson(cell.code)}`).join(",")}}`;
  const hash = createHash("sha256").update(json).digest("hex").slice(0, 16);
  return { name: `${lesson}.${hash}.json`, json };
}
