/**
 * The kernel's runtime side of a cell: compiled code (`CompiledSource`, from
 * the build or from the in-browser compiler) made into a function with
 * `new Function`, which runs the body in `with (globals) with (scope)` as a
 * strict async function. Each cell function gets its own `sourceURL`, so
 * stack frames can be traced back, through the two source maps (decoded
 * only when an error needs them), to the cell, line and column the reader
 * wrote.
 *
 * @example
 * const fn = cellFunction(compileSource("let a = 1;\na + 1"), "demo", 1);
 * await fn.create(globals, scope)(); // 2, and scope.a === 1
 */
import { CompileError } from "./compileError.ts";
import { decodeMappings, lookup, type DecodedMappings, type Position } from "./sourceMap.ts";
import type { CompiledSource } from "../protocol.ts";

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

/** The name of the module loader the rewritten imports call (see rewriteCell.ts). */
export const IMPORT_FUNCTION = "__import";

/** Throws the compile error a failed compilation carries; otherwise builds the cell's function. */
export function cellFunction(compiled: CompiledSource, source: string, cell: string, serial: number): CompiledCell {
  if (!compiled.ok) {
    const { kind, message, line, column, note } = compiled.error;
    throw new CompileError(kind, message, line === undefined ? undefined : { line, column: column ?? 0 }, note);
  }
  const url = `${CELL_URL_PREFIX}${serial}`;
  const text = `${HEADER}\n${compiled.body}\n}\n//# sourceURL=${url}`;
  // Built now, so a syntax error the engine finds (none should remain) surfaces before the cell runs.
  const factory = new Function("__globals", "__scope", text) as (globals: object, scope: object) => () => Promise<unknown>;
  const offset = lineOffset();
  let maps: [DecodedMappings, DecodedMappings] | undefined;
  return {
    cell,
    url,
    source,
    names: compiled.names,
    hasValue: compiled.hasValue,
    create: (globals, scope) => factory(globals, scope),
    originalPosition(line, column) {
      const bodyLine = line - offset - 2;
      if (bodyLine < 0) return undefined;
      maps ??= [decodeMappings(compiled.maps[0]), decodeMappings(compiled.maps[1])];
      const inJs = lookup(maps[0], bodyLine, column - 1);
      if (!inJs) return undefined;
      return lookup(maps[1], inJs.line, inJs.column);
    },
  };
}
