/**
 * The notebook as one TypeScript program, laid out the way the kernel runs
 * it: every cell's top-level names are visible to the cells after it (in
 * page order), and a later cell may declare a name again.
 *
 * Each cell becomes a block nested in the previous cell's block, so a later
 * declaration shadows an earlier one instead of clashing with it:
 *
 * ```ts
 * import { InferenceClient } from "@huggingface/inference"; // imports of all cells, hoisted
 * {
 *   cell 1
 *   {
 *     cell 2
 *   }
 * }
 * ```
 *
 * Inside a cell, import declarations are blanked (their copy at the top is
 * what the checker sees, and positions in them map there), `export` is
 * blanked (the kernel drops it), and a top-level `const` is read as `let`,
 * since the kernel keeps top-level names on a shared scope that a re-run or
 * a later cell reassigns: later cells see `string`, not a literal type.
 * Every change keeps the cell's length, so offsets map one to one.
 *
 * @example
 * const program = layoutNotebook(ts, [{ id: "a", code: "const n = 1" }, { id: "b", code: "n + 1" }]);
 * program.toProgram(1, 0) // offset of `n` of cell b in program.text
 */
import type ts from "typescript";

export interface CellSource {
  id: string;
  code: string;
}

/** Where a run of a cell's text lies in the program. */
interface Segment {
  /** Offset in the cell. */
  from: number;
  to: number;
  /** Offset of `from` in the program. */
  at: number;
}

export interface NotebookProgram {
  /** The whole program's text. */
  text: string;
  /** Offset in the program of `offset` in cell `cell` (its index). */
  toProgram(cell: number, offset: number): number;
  /** The cell and offset of a program offset, or undefined outside every cell. */
  toCell(offset: number): { cell: number; offset: number } | undefined;
}

type TypeScript = typeof ts;

export function layoutNotebook(tsApi: TypeScript, cells: readonly CellSource[]): NotebookProgram {
  let header = "";
  const headerSegments: { cell: number; from: number; to: number; at: number }[] = [];
  const bodies: string[] = [];
  for (const [index, cell] of cells.entries()) {
    const chars = cell.code.split("");
    const source = tsApi.createSourceFile(`cell-${index}.ts`, cell.code, tsApi.ScriptTarget.ESNext, false, tsApi.ScriptKind.TS);
    const blank = (from: number, to: number) => {
      for (let i = from; i < to; i++) if (chars[i] !== "\n" && chars[i] !== "\r") chars[i] = " ";
    };
    for (const statement of source.statements) {
      const start = statement.getStart(source);
      if (tsApi.isImportDeclaration(statement) || tsApi.isImportEqualsDeclaration(statement)) {
        headerSegments.push({ cell: index, from: start, to: statement.end, at: header.length });
        header += `${cell.code.slice(start, statement.end)}\n`;
        blank(start, statement.end);
        continue;
      }
      if (tsApi.isExportDeclaration(statement)) {
        blank(start, statement.end);
        continue;
      }
      if (tsApi.isExportAssignment(statement)) {
        blank(start, statement.expression.getStart(source));
        continue;
      }
      const modifiers = tsApi.canHaveModifiers(statement) ? tsApi.getModifiers(statement) : undefined;
      for (const modifier of modifiers ?? []) {
        if (modifier.kind === tsApi.SyntaxKind.ExportKeyword || modifier.kind === tsApi.SyntaxKind.DefaultKeyword) {
          blank(modifier.getStart(source), modifier.end);
        }
      }
      if (tsApi.isVariableStatement(statement) && statement.declarationList.flags & tsApi.NodeFlags.Const) {
        const keyword = statement.declarationList.getStart(source);
        if (cell.code.startsWith("const", keyword)) chars.splice(keyword, 5, ..."let  ");
      }
    }
    bodies.push(chars.join(""));
  }

  let text = header;
  const segments: Segment[][] = [];
  for (const [index, body] of bodies.entries()) {
    text += "{\n";
    const own: Segment[] = [];
    let from = 0;
    for (const imported of headerSegments.filter((s) => s.cell === index)) {
      if (imported.from > from) own.push({ from, to: imported.from, at: text.length + from });
      own.push({ from: imported.from, to: imported.to, at: imported.at });
      from = imported.to;
    }
    own.push({ from, to: body.length, at: text.length + from });
    segments.push(own);
    text += `${body}\n`;
  }
  text += "}\n".repeat(bodies.length);

  const toProgram = (cell: number, offset: number): number => {
    const own = segments[cell];
    if (!own) throw new RangeError(`No cell ${cell}`);
    const clamped = Math.max(0, Math.min(offset, own[own.length - 1]!.to));
    const segment = own.find((s) => clamped >= s.from && clamped < s.to) ?? own[own.length - 1]!;
    return segment.at + (clamped - segment.from);
  };

  const toCell = (offset: number): { cell: number; offset: number } | undefined => {
    for (const [cell, own] of segments.entries()) {
      for (const segment of own) {
        // A segment's end belongs to it too: a diagnostic at the very end of a cell stays in it.
        if (offset >= segment.at && offset <= segment.at + (segment.to - segment.from)) {
          return { cell, offset: segment.from + (offset - segment.at) };
        }
      }
    }
    return undefined;
  };

  return { text, toProgram, toCell };
}
