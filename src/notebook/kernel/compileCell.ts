/**
 * A cell's code made runnable: TypeScript → JavaScript (`transpile`) → the
 * notebook rewrite (`rewriteCell`) → a function created with `new Function`,
 * which runs the body in `with (globals) with (scope)` as a strict async
 * function. Each compiled cell gets its own `sourceURL`, so stack frames
 * can be traced back to the cell, line and column the reader wrote.
 *
 * @example
 * const compiled = compileCell("let a = 1;\na + 1", "demo", 1);
 * await compiled.create(globals, scope)(); // 2, and scope.a === 1
 */
import { transpile } from "./transpile.ts";
import { rewriteCell } from "./rewriteCell.ts";
import { lookup, type Position } from "./sourceMap.ts";

export interface CompiledCell {
  cell: string;
  /** The `sourceURL` its stack frames carry. */
  url: string;
  source: string;
  /** Top-level names, to exist on the scope before it runs. */
  names: string[];
  hasValue: boolean;
  /** The async function to call (with `this` undefined, as at a module's top level). */
  create(globals: object, scope: object): () => Promise<unknown>;
  /** The 0-based position in `source` of a 1-based line and column reported in a stack frame. */
  originalPosition(line: number, column: number): Position | undefined;
}

const HEADER = 'with (__globals) with (__scope) return async function () { "use strict";';

/** `new Function` puts its own lines before the body; measured once, since engines differ. */
let functionLineOffset: number | undefined;
function lineOffset(): number {
  if (functionLineOffset === undefined) {
    functionLineOffset = 2;
    try {
      new Function("\nthrow new Error()\n//# sourceURL=carnet-calibration")();
    } catch (error) {
      const match = /carnet-calibration:(\d+):\d+/.exec(String((error as Error).stack));
      if (match) functionLineOffset = Number(match[1]) - 2;
    }
  }
  return functionLineOffset;
}

export const CELL_URL_PREFIX = "carnet-cell-";

export function compileCell(source: string, cell: string, serial: number): CompiledCell {
  const js = transpile(source);
  const rewritten = rewriteCell(js.code);
  const url = `${CELL_URL_PREFIX}${serial}`;
  const text = `${HEADER}\n${rewritten.code}\n}\n//# sourceURL=${url}`;
  // Built now, so a syntax error the engine finds (none should remain) surfaces at compile time.
  const factory = new Function("__globals", "__scope", text) as (globals: object, scope: object) => () => Promise<unknown>;
  const offset = lineOffset();
  return {
    cell,
    url,
    source,
    names: rewritten.names,
    hasValue: rewritten.hasValue,
    create: (globals, scope) => factory(globals, scope),
    originalPosition(line, column) {
      const bodyLine = line - offset - 2;
      if (bodyLine < 0) return undefined;
      const inJs = lookup(rewritten.mappings, bodyLine, column - 1);
      if (!inJs) return undefined;
      return lookup(js.mappings, inJs.line, inJs.column);
    },
  };
}
