/**
 * The error a cell gets when its code cannot run at all: a syntax error, or
 * a TypeScript construct that cells do not support. `line` and `column` are
 * 0-based positions in the reader's code.
 *
 * @example
 * throw new CompileError("syntax", "Unexpected token", { line: 2, column: 4 });
 */
import type { Position } from "./sourceMap.ts";
import type { KernelNote } from "../protocol.ts";

export type CompileErrorKind = "syntax" | "unsupported";

export class CompileError extends Error {
  readonly kind: CompileErrorKind;
  readonly position: Position | undefined;

  /** The same message for the reader's language (unsupported constructs only). */
  readonly note: KernelNote | undefined;

  constructor(kind: CompileErrorKind, message: string, position?: Position, note?: KernelNote) {
    super(message);
    this.note = note;
    this.name = kind === "syntax" ? "SyntaxError" : "UnsupportedSyntaxError";
    this.kind = kind;
    this.position = position;
  }
}
