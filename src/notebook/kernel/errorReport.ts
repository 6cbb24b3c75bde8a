/**
 * Errors as the reader should see them: the message, the cell line and
 * column of their own code (through both source maps), a short code frame,
 * and a stack that names cells instead of the kernel's internals.
 *
 * @example
 * const report = reportError(error, (url) => compiledByUrl.get(url));
 * report.line // 3 (1-based, in the cell's TypeScript)
 */
import { CompileError } from "./compileError.ts";
import { CELL_URL_PREFIX, type CompiledCell } from "./cellFunction.ts";
import { inspect } from "./formatValue.ts";
import type { ErrorKind, ErrorReport, KernelNote } from "../protocol.ts";

/** Thrown by `process.exit()` in a cell: it ends the cell, not the kernel. */
export class ProcessExit {
  readonly code: number;
  constructor(code: number) {
    this.code = code;
  }
}

const FRAME = new RegExp(`(${CELL_URL_PREFIX}\\d+):(\\d+):(\\d+)`);

export function reportError(error: unknown, findCell: (url: string) => CompiledCell | undefined, kind: ErrorKind = "runtime"): ErrorReport {
  if (error instanceof CompileError) {
    return { kind: error.kind, message: `${error.name}: ${error.message}`, ...(error.note ? { note: error.note } : {}) };
  }
  if (error instanceof ProcessExit) {
    return {
      kind: "exit",
      message: `process.exit(${error.code}) was called: the cell stopped there. The kernel keeps its state.`,
      note: { key: "processExit", values: { code: String(error.code) } },
    };
  }
  if (!(error instanceof Error) && !(error !== null && typeof error === "object" && "stack" in error && "message" in error)) {
    return { kind, message: `Uncaught ${inspect(error)}` };
  }
  const e = error as Error & { note?: KernelNote };
  const message = `${e.name || "Error"}: ${e.message}`;
  const report: ErrorReport = { kind, message, ...(e.note ? { note: e.note } : {}) };
  const lines = String(e.stack ?? "").split("\n");
  const frames: string[] = [];
  for (const line of lines) {
    if (!/^\s+at /.test(line)) continue;
    const match = FRAME.exec(line);
    if (!match) continue;
    const compiled = findCell(match[1]!);
    const position = compiled?.originalPosition(Number(match[2]), Number(match[3]));
    if (!compiled || !position) continue;
    // Functions declared in cells live on the scope object: V8 calls them "Object.f".
    const name = /^\s+at (?:async )?([^\s(]+) \(/.exec(line)?.[1]?.replace(/^Object\./, "");
    const where = `cell ${compiled.cell}:${position.line + 1}:${position.column + 1}`;
    frames.push(`    at ${name && name !== "eval" && name !== "Object.<anonymous>" ? `${name} (${where})` : where}`);
    if (report.line === undefined) {
      report.cell = compiled.cell;
      report.line = position.line + 1;
      report.column = position.column + 1;
      report.frame = codeFrame(compiled.source, position.line, position.column);
    }
  }
  if (frames.length > 0) report.stack = [message, ...frames].join("\n");
  return report;
}

/** Where a compile error points, with its code frame. */
export function withPosition(report: ErrorReport, error: unknown, cell: string, source: string): ErrorReport {
  if (error instanceof CompileError && error.position) {
    const { line, column } = error.position;
    return { ...report, cell, line: line + 1, column: column + 1, frame: codeFrame(source, line, column) };
  }
  return report;
}

/**
 * A few lines around a 0-based position, numbered, with a caret.
 *
 * @example
 * codeFrame("a\nbb()\nc", 1, 2)
 * //   1 | a
 * // > 2 | bb()
 * //     |   ^
 * //   3 | c
 */
export function codeFrame(source: string, line: number, column: number, context = 2): string {
  const lines = source.split(/\r?\n/);
  const first = Math.max(0, line - context);
  const last = Math.min(lines.length - 1, line + context);
  const width = String(last + 1).length;
  const out: string[] = [];
  for (let i = first; i <= last; i++) {
    const number = String(i + 1).padStart(width);
    out.push(`${i === line ? ">" : " "} ${number} | ${lines[i]}`.trimEnd());
    if (i === line) out.push(`  ${" ".repeat(width)} | ${lines[i]!.slice(0, column).replace(/[^\t]/g, " ")}^`);
  }
  return out.join("\n");
}
