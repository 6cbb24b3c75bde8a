/**
 * Compiles a lesson's cells the way the notebook kernel will when a reader
 * presses Run (`compileCell`: TypeScript → JavaScript → the notebook
 * rewrite → a function), so code that cannot run is caught when the lesson
 * is checked or built, with the file line it is on.
 *
 * @example
 * cellSyntaxProblems([{ id: "a", code: "let x = ;", codeLine: 12, line: 10 }])
 * // [{ line: 12, message: 'cell "a": the code does not compile: Unexpected token …' }]
 */
import { compileCell } from "../notebook/kernel/compileCell.ts";
import type { CellBlock, StructureProblem } from "./lessonStructure.ts";

export function cellSyntaxProblems(cells: readonly CellBlock[]): StructureProblem[] {
  const problems: StructureProblem[] = [];
  for (const cell of cells) {
    try {
      compileCell(cell.code, cell.id, 0);
    } catch (error) {
      const position = (error as { position?: { line: number; column: number } }).position;
      const line = position ? cell.codeLine + position.line : cell.line;
      const column = position ? `, column ${position.column + 1}` : "";
      problems.push({ line, message: `cell "${cell.id}": the code does not compile${column}: ${(error as Error).message}; readers would see this error when they press Run` });
    }
  }
  return problems;
}
