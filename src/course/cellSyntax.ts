/**
 * Compiles a lesson's cells the way the notebook kernel will when a reader
 * presses Run (`compileSource`: TypeScript → JavaScript → the notebook
 * rewrite), so code that cannot run is caught when the lesson
 * is checked or built, with the file line it is on.
 *
 * @example
 * cellSyntaxProblems([{ id: "a", code: "let x = ;", codeLine: 12, line: 10 }])
 * // [{ line: 12, message: 'cell "a": the code does not compile: Unexpected token …' }]
 */
import { compileSource } from "../notebook/kernel/compileSource.ts";
import type { CellBlock, StructureProblem } from "./lessonStructure.ts";

export function cellSyntaxProblems(cells: readonly CellBlock[]): StructureProblem[] {
  const problems: StructureProblem[] = [];
  for (const cell of cells) {
    const compiled = compileSource(cell.code);
    if (compiled.ok) continue;
    const { line: at, column: col, message } = compiled.error;
    const line = at === undefined ? cell.line : cell.codeLine + at;
    const column = col === undefined ? "" : `, column ${col + 1}`;
    problems.push({ line, message: `cell "${cell.id}": the code does not compile${column}: ${message}; readers would see this error when they press Run` });
  }
  return problems;
}
