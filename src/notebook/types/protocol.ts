/**
 * The messages between the page and the language-service worker. Offsets
 * are in each cell's own code. Every request carries a number; the answer
 * carries the same one.
 *
 * Page → worker: `init` (the page's locale and the lesson's data files,
 * once), `update` (every cell's code in page order; answered with
 * `diagnostics` for all of them),
 * `hover`, `complete`.
 * Worker → page: `ready` (with whether TypeScript's messages are in the
 * page's language), `diagnostics`, `hover`, `complete`, `failed`.
 */
import type { CellSource } from "./notebookProgram.ts";

export interface TypeDiagnostic {
  from: number;
  to: number;
  message: string;
  /** TypeScript's error number (TS2339 → 2339). */
  code: number;
  severity: "error" | "warning" | "info";
}

export interface CellDiagnostics {
  id: string;
  items: TypeDiagnostic[];
}

export interface Hover {
  from: number;
  to: number;
  /** The symbol and its type, as TypeScript prints it: `const client: InferenceClient`. */
  type: string;
  /** Its doc comment and tags, as text. */
  doc: string;
}

interface CompletionOption {
  label: string;
  /** TypeScript's kind: "method", "property", "const", "function", … */
  kind: string;
  sortText: string;
  apply?: string;
  /** A member's type (for completions after a dot). */
  detail?: string;
  doc?: string;
}

export interface Completions {
  /** Where the word being completed starts. */
  from: number;
  member: boolean;
  options: CompletionOption[];
}

export type ToTypes =
  | { type: "init"; locale: string; data: Record<string, string> }
  | { type: "update"; request: number; cells: CellSource[] }
  | { type: "hover"; request: number; cell: string; offset: number }
  | { type: "complete"; request: number; cell: string; offset: number };

export type FromTypes =
  | { type: "ready"; localized: boolean }
  | { type: "diagnostics"; request: number; cells: CellDiagnostics[] }
  | { type: "hover"; request: number; hover: Hover | undefined }
  | { type: "complete"; request: number; completions: Completions | undefined }
  | { type: "failed"; request: number; message: string };
