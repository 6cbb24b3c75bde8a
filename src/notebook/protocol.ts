/**
 * The messages between the page and the kernel worker. The page starts the
 * worker, then hands it a `MessagePort` in an `init` message; everything
 * after that goes over the port, so a cell calling `postMessage` can never
 * speak for the kernel. Every run has a number chosen by the page; every
 * message about a run carries it.
 *
 * Page → kernel: `run` (with the cell's build-compiled form when its code
 * is the lesson's), `env`, `expand`, `prepare` (load the compiler now: the
 * reader started editing), `analyze` (names an edited cell declares and uses),
 * `engine` (the browser engine's reply to one of the kernel's requests).
 * Kernel → page: `ready`, `started`, `output` (streamed while the cell runs,
 * and after it finished when timers log), `dropped` (output cut for size),
 * `done` (value or error), `expanded` (children of a shown value),
 * `analyzed`, `engine` / `engineCancel` (a chat request for the browser
 * engine, which lives in the page so that a restart keeps its model loaded).
 */

/** A value shown in an output, as text; objects carry a `ref` to load their children on demand. */
export type ValueNode =
  | { type: "text"; text: string }
  | { type: "object"; text: string; preview: string; ref: number };

/** Children of a shown object, `from` the index asked for. */
export interface Expansion {
  entries: { key: string; value: ValueNode }[];
  /** Index of the next entry when more can be loaded ("show more"), else null. */
  next: number | null;
  total: number;
}

import type { ModelReport } from "./models/shared/report.ts";
import type { EngineReplyMessage, EngineRequestMessage } from "./models/shared/browser/engineMessages.ts";

export type LogLevel = "log" | "info" | "warn" | "error" | "debug";

export type OutputItem =
  /** A console line; `values` lets objects among the arguments be expanded; `raw` is text without a line end (process.stdout.write). */
  | { kind: "log"; level: LogLevel; text: string; values?: ValueNode[]; indent: number; raw?: boolean }
  | { kind: "table"; columns: string[]; rows: string[][]; text: string; indent: number }
  | { kind: "image"; blob?: Blob; url?: string; alt: string }
  /** One token's probabilities (`display(entry)` of an OpenAI logprob entry): the chosen token and its alternatives, most likely first; `text` is the same as one line. */
  | { kind: "distribution"; chosen: { token: string; logprob: number }; alternatives: { token: string; logprob: number }[]; text: string }
  | { kind: "error"; error: ErrorReport }
  /** A model request made by a cell's client: who answered and how fast, or what failed (see models/shared/report.ts). */
  | { kind: "model"; report: ModelReport };

export type ErrorKind = "syntax" | "unsupported" | "runtime" | "exit" | "unhandled";

/** An error, mapped back to the reader's code where it happened in a cell. */
export interface ErrorReport {
  kind: ErrorKind;
  /** `TypeError: x is not a function`, or a sentence for non-Error values and process.exit. */
  message: string;
  /** Cell the position refers to (usually the running one; another when a function from an earlier cell threw). */
  cell?: string;
  /** 1-based line and column in that cell's code. */
  line?: number;
  column?: number;
  /** A few lines of the code with a caret under the column. */
  frame?: string;
  /** The stack with cell frames mapped to `cell <id>:line:column` and kernel frames removed. */
  stack?: string;
  /** For the kernel's own messages: a key of the notebook's `errors` strings and its values, shown in the page's language instead of `message`. */
  note?: KernelNote;
}

/** A message of the kernel's own, to be shown in the reader's language (`notebook.errors.<key>`). */
export interface KernelNote {
  key: string;
  values?: Record<string, string | number>;
}

/**
 * A cell's code compiled into what the kernel runs (kernel/compileSource.ts):
 * by the build for the lesson's code, shipped in the page, or by the
 * in-browser compiler for edited code. Source maps stay VLQ strings until
 * an error needs a position.
 */
export type CompiledSource =
  | {
      ok: true;
      /** The async function body (see kernel/rewriteCell.ts). */
      body: string;
      /** Top-level names the cell declares. */
      names: string[];
      /** Names it uses without declaring them. */
      uses: string[];
      hasValue: boolean;
      /** `mappings` from `body` to the JavaScript, and from the JavaScript to the reader's TypeScript. */
      maps: [string, string];
    }
  | { ok: false; error: { kind: "syntax" | "unsupported"; message: string; line?: number; column?: number; note?: KernelNote } };

/** What the kernel knows of a cell's names, for running the cells it needs first. */
export interface CellNames {
  names: string[];
  uses: string[];
}

/** Which compiler made the code a run used: the build's, shipped in the page, or the one in the worker. */
export type CompiledBy = "build" | "browser";

export type ToKernel =
  | { type: "run"; run: number; cell: string; code: string; compiled?: CompiledSource }
  | { type: "prepare" }
  | { type: "analyze"; request: number; code: string }
  | { type: "env"; env: Record<string, string> }
  | { type: "expand"; request: number; ref: number; from: number }
  | EngineReplyMessage;

export type FromKernel =
  | { type: "ready" }
  | { type: "started"; run: number }
  | { type: "output"; run: number; items: OutputItem[]; late: boolean }
  | { type: "dropped"; run: number; count: number }
  | { type: "done"; run: number; ok: true; value?: ValueNode; ms: number; compiledBy: CompiledBy }
  | { type: "done"; run: number; ok: false; error: ErrorReport; ms: number; compiledBy: CompiledBy }
  | { type: "expanded"; request: number; expansion: Expansion }
  | { type: "analyzed"; request: number; names: CellNames }
  | EngineRequestMessage;

/** The first message to the worker, carrying the port all later messages use. */
export interface InitMessage {
  type: "init";
  port: MessagePort;
  env: Record<string, string>;
  /** The lesson page's URL: a cell's `import x from "./models.json"` is fetched relative to it. */
  dataBase?: string;
  /** Data files the page fetched already (on the reader's first intent), by specifier: their text, read instead of fetching again. */
  dataFiles?: Record<string, string>;
  /** The site's root URL, no trailing slash (origin and base path): where its server, if any, answers `/v1`. */
  site?: string;
}
