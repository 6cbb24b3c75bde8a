/**
 * Writes a file so that readers (and a Ctrl+C) see either the old content or
 * the new, never half of it: the text goes to a temporary file beside it,
 * which is then renamed over the target.
 *
 * @example
 * writeFileAtomically("content/lessons/welcome/recorded.json", json);
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";

export function writeFileAtomically(file: string, data: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
