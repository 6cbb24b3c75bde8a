/**
 * The kernel's compiler: a cell's TypeScript → JavaScript (`transpile`) →
 * the notebook rewrite (`rewriteCell`), as plain data the kernel's runtime
 * turns into a function (`cellFunction.ts`). The build runs it on every
 * lesson cell and ships the result beside the page (compiledCellData.ts); the worker loads it (with
 * sucrase, acorn and magic-string) only for code a reader edited. A syntax
 * error or unsupported construct is data too, so the build can ship it.
 *
 * @example
 * const compiled = compileSource("let a = 1;\na + 1");
 * compiled.ok && compiled.body // ";a = 1;\nreturn (a + 1);"
 */
import { transpile } from "./transpile.ts";
import { rewriteCell } from "./rewriteCell.ts";
import { CompileError } from "./compileError.ts";
import type { CompiledSource } from "../protocol.ts";

export function compileSource(source: string): CompiledSource {
  try {
    const js = transpile(source);
    const rewritten = rewriteCell(js.code);
    return { ok: true, body: rewritten.code, names: rewritten.names, uses: rewritten.uses, hasValue: rewritten.hasValue, maps: [rewritten.map, js.map] };
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    return {
      ok: false,
      error: {
        kind: error.kind,
        message: error.message,
        ...(error.position ? { line: error.position.line, column: error.position.column } : {}),
        ...(error.note ? { note: error.note } : {}),
      },
    };
  }
}
