/**
 * The notebook kernel: runs cells one after another on one shared scope and
 * streams what they print. It knows nothing of workers or the DOM: the
 * worker (`kernel.worker.ts`) gives it a `post` function and a module
 * loader, and the tests drive the very same class in Node.
 *
 * What a cell sees besides the page's shared names (through `with`):
 * `console` (log/info/warn/error/debug/dir/table/assert/count/time/group),
 * `display(value)` (images from a Blob or data URL, a token's probabilities
 * from an OpenAI logprob entry as a bar chart, tables, values),
 * `process` (`env`, `exit`, `nextTick`, `stdout.write`), and the import
 * function the rewrite calls. Output goes to the cell that is running; when
 * none is (a timer firing later), to the cell whose code printed it, marked
 * late. Output is cut past `MAX_ITEMS` items or `MAX_CHARS` characters per
 * run, with a count of what was left out.
 *
 * A run of the lesson's code comes with its build-compiled form; only
 * other code needs the compiler, which `options.compiler` loads on first
 * use (or earlier, on `prepare`).
 *
 * @example
 * const kernel = new Kernel({ post: (m) => messages.push(m), loadModule, compiler: async () => compileSource });
 * await kernel.run(1, "greeting", 'const name = "Ada"; console.log(name)');
 */
import { cellFunction, IMPORT_FUNCTION, type CompiledCell } from "./cellFunction.ts";
import { describe, expand, ValueRefs } from "./describeValue.ts";
import { distributionItem } from "./distribution.ts";
import { reportError, withPosition, ProcessExit } from "./errorReport.ts";
import { drawTable, formatLogArgs, tableData } from "./formatValue.ts";
import type { ModuleLoader } from "./modules.ts";
import type { CompiledBy, CompiledSource, ErrorKind, FromKernel, LogLevel, OutputItem, ValueNode } from "../protocol.ts";

const MAX_ITEMS = 1000;
const MAX_CHARS = 200_000;
const MAX_ITEM_CHARS = 20_000;
const FLUSH_INTERVAL_MS = 16;
/** Compiled forms of recently seen code (an analyzed cell is usually run next). */
const COMPILED_CACHE = 32;

export type Compile = (source: string) => CompiledSource;

export interface KernelOptions {
  post(message: FromKernel): void;
  loadModule: ModuleLoader;
  /** Loads the compiler (`compileSource`), for code that comes without a compiled form. */
  compiler(): Promise<Compile>;
  /** The object cells see as `process.env`; `setEnv` changes it in place. */
  env?: Record<string, string>;
}

interface RunContext {
  run: number;
  cell: string;
  finished: boolean;
  items: number;
  chars: number;
  dropped: number;
  droppedPosted: number;
  refs: number[];
  indent: number;
  counts: Map<string, number>;
  timers: Map<string, number>;
  /** Model requests reported so far: a later report of one updates its line and takes no more room. */
  reports: Set<number>;
}

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

export class Kernel {
  readonly scope: Record<string, unknown> = Object.create(null);
  readonly env: Record<string, string>;
  private readonly options: KernelOptions;
  private readonly refs = new ValueRefs();
  private readonly compiled = new Map<string, CompiledCell>();
  private readonly latest = new Map<string, RunContext>();
  private readonly process: Record<string, unknown>;
  private active: RunContext | undefined;
  private last: RunContext | undefined;
  private queue: Promise<void> = Promise.resolve();
  private serial = 0;
  private pending: { run: number; late: boolean; item: OutputItem }[] = [];
  private timers = 0;
  private timerWaiters: (() => void)[] = [];
  private lastFlush = -Infinity;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private compilerLoad: Promise<Compile> | undefined;
  private readonly compiledCode = new Map<string, CompiledSource>();

  constructor(options: KernelOptions) {
    this.options = options;
    this.env = options.env ?? {};
    this.process = this.makeProcess();
  }

  /** Replaces the contents of `process.env` (the same object cells hold). */
  setEnv(env: Record<string, string>): void {
    for (const key of Object.keys(this.env)) delete this.env[key];
    Object.assign(this.env, env);
  }

  /** Queues a run of `code`, given as `compiled` when the build compiled it; resolves when `done` was posted. */
  run(run: number, cell: string, code: string, compiled?: CompiledSource): Promise<void> {
    const next = this.queue.then(() => this.execute(run, cell, code, compiled));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Starts loading the compiler in the background. */
  prepare(): void {
    this.loadCompiler().catch(() => undefined);
  }

  /** Posts the names `code` declares and uses (none when it does not compile). */
  async analyze(request: number, code: string): Promise<void> {
    let names = { names: [] as string[], uses: [] as string[] };
    try {
      const compiled = await this.compile(code);
      if (compiled.ok) names = { names: compiled.names, uses: compiled.uses };
    } catch {
      // The compiler did not load: the run will say so.
    }
    this.options.post({ type: "analyzed", request, names });
  }

  private loadCompiler(): Promise<Compile> {
    this.compilerLoad ??= this.options.compiler().catch((error: unknown) => {
      this.compilerLoad = undefined;
      throw error;
    });
    return this.compilerLoad;
  }

  private async compile(code: string): Promise<CompiledSource> {
    let compiled = this.compiledCode.get(code);
    if (!compiled) {
      compiled = (await this.loadCompiler())(code);
      if (this.compiledCode.size >= COMPILED_CACHE) this.compiledCode.delete(this.compiledCode.keys().next().value!);
    }
    this.compiledCode.delete(code);
    this.compiledCode.set(code, compiled);
    return compiled;
  }

  /** Posts the children of a value shown earlier. */
  expand(request: number, ref: number, from: number): void {
    const value = this.refs.get(ref);
    const owner = this.last;
    const expansion = value ? expand(value, from, this.refs, (r) => owner?.refs.push(r)) : { entries: [], next: null, total: 0 };
    this.options.post({ type: "expanded", request, expansion });
  }

  /**
   * Adds an item to the running cell's output (when none runs, to the last
   * one's, marked late). For modules acting for cells, such as the routed
   * model client's reports.
   */
  emit(item: OutputItem): void {
    const target = this.active ?? this.last;
    if (!target) return;
    const update = item.kind === "model" && target.reports.has(item.report.id);
    if (!update) {
      if (!this.hasRoom(target)) return;
      target.items++;
      target.chars += 100;
      if (item.kind === "model") target.reports.add(item.report.id);
    }
    // Joins the next batch instead of starting one: what the cell prints
    // right after (a streamed token after its report) then goes out at once.
    this.pending.push({ run: target.run, late: target.finished, item });
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
  }

  /** An error no cell caught (thrown in a timer, or a rejected promise nobody awaited). */
  reportUncaught(reason: unknown, kind: ErrorKind): void {
    const error = reportError(reason, (url) => this.compiled.get(url), kind);
    if (kind === "unhandled") error.message = `Unhandled promise rejection: ${error.message.replace(/^Uncaught /, "")}`;
    const owner = (error.cell && this.latest.get(error.cell)) || this.active || this.last;
    if (owner) this.output(owner, { kind: "error", error });
  }

  private async execute(run: number, cell: string, code: string, compiled: CompiledSource | undefined): Promise<void> {
    const previous = this.latest.get(cell);
    if (previous) this.refs.release(previous.refs);
    const ctx: RunContext = {
      run, cell, finished: false, items: 0, chars: 0, dropped: 0, droppedPosted: 0, reports: new Set(),
      refs: [], indent: 0, counts: new Map(), timers: new Map(),
    };
    this.latest.set(cell, ctx);
    this.active = ctx;
    this.last = ctx;
    this.options.post({ type: "started", run });
    const start = now();
    let message: FromKernel;
    const compiledBy: CompiledBy = compiled ? "build" : "browser";
    try {
      const fn = cellFunction(compiled ?? (await this.compile(code)), code, cell, ++this.serial);
      this.compiled.set(fn.url, fn);
      for (const name of fn.names) if (!(name in this.scope)) this.scope[name] = undefined;
      const value = await fn.create(this.globalsFor(ctx), this.scope).call(undefined);
      const shown: ValueNode | undefined = fn.hasValue && value !== undefined ? describe(value, this.refs, (r) => ctx.refs.push(r)) : undefined;
      message = { type: "done", run, ok: true, ms: now() - start, compiledBy, ...(shown ? { value: shown } : {}) };
    } catch (error) {
      const report = withPosition(reportError(error, (url) => this.compiled.get(url)), error, cell, code);
      message = { type: "done", run, ok: false, error: report, ms: now() - start, compiledBy };
    }
    ctx.finished = true;
    this.active = undefined;
    this.flush();
    this.postDropped(ctx);
    this.options.post(message);
  }

  private globalsFor(ctx: RunContext): object {
    const globals = Object.create(null) as Record<string, unknown>;
    globals.console = this.makeConsole(ctx);
    globals.display = (value: unknown) => this.display(ctx, value);
    globals.process = this.process;
    globals[IMPORT_FUNCTION] = (specifier: string) => this.options.loadModule(specifier);
    globals.setTimeout = (fn: unknown, ms?: number, ...args: unknown[]) => this.setTimer(fn, ms, args);
    globals.clearTimeout = (id: ReturnType<typeof setTimeout>) => this.clearTimer(id);
    return globals;
  }

  private readonly liveTimers = new Set<ReturnType<typeof setTimeout>>();

  /** setTimeout for cells, counted so `whenTimersDone` knows when none is pending. */
  private setTimer(fn: unknown, ms: number | undefined, args: unknown[]): ReturnType<typeof setTimeout> {
    if (typeof fn !== "function") throw new TypeError('The "callback" argument must be of type function');
    this.timers++;
    const id = setTimeout(() => {
      this.liveTimers.delete(id);
      try {
        (fn as (...a: unknown[]) => void)(...args);
      } finally {
        this.timerDone();
      }
    }, ms);
    this.liveTimers.add(id);
    return id;
  }

  private clearTimer(id: ReturnType<typeof setTimeout>): void {
    clearTimeout(id);
    if (this.liveTimers.delete(id)) this.timerDone();
  }

  private timerDone(): void {
    this.timers--;
    if (this.timers === 0) for (const resolve of this.timerWaiters.splice(0)) resolve();
  }

  /** Resolves once no timer set by a cell (setTimeout) is pending. */
  whenTimersDone(): Promise<void> {
    if (this.timers === 0) return Promise.resolve();
    return new Promise((resolve) => this.timerWaiters.push(resolve));
  }

  private makeProcess(): Record<string, unknown> {
    const write = (level: LogLevel) => (chunk: unknown) => {
      const owner = this.active ?? this.last;
      if (owner) this.output(owner, { kind: "log", level, text: String(chunk), indent: 0, raw: true });
      return true;
    };
    return {
      env: this.env,
      argv: [],
      platform: "browser",
      exit: (code?: number) => {
        throw new ProcessExit(code ?? 0);
      },
      nextTick: (fn: (...args: unknown[]) => void, ...args: unknown[]) => queueMicrotask(() => fn(...args)),
      stdout: { write: write("log") },
      stderr: { write: write("error") },
    };
  }

  private makeConsole(ctx: RunContext): Record<string, unknown> {
    const log = (level: LogLevel) => (...args: unknown[]) => this.log(ctx, level, args);
    return {
      log: log("log"),
      info: log("info"),
      debug: log("debug"),
      warn: log("warn"),
      error: log("error"),
      trace: (...args: unknown[]) => this.log(ctx, "error", ["Trace:", ...args]),
      dir: (value: unknown) => this.log(ctx, "log", [value]),
      table: (data: unknown, properties?: string[]) => this.table(ctx, data, properties),
      assert: (condition: unknown, ...args: unknown[]) => {
        if (condition) return;
        if (typeof args[0] === "string") args[0] = `Assertion failed: ${args[0]}`;
        else args.unshift("Assertion failed");
        this.log(ctx, "error", args);
      },
      count: (label = "default") => {
        const target = this.target(ctx);
        const n = (target.counts.get(label) ?? 0) + 1;
        target.counts.set(label, n);
        this.log(ctx, "info", [`${label}: ${n}`]);
      },
      countReset: (label = "default") => this.target(ctx).counts.delete(label),
      time: (label = "default") => this.target(ctx).timers.set(label, now()),
      timeLog: (label = "default", ...args: unknown[]) => this.timeLog(ctx, label, false, args),
      timeEnd: (label = "default") => this.timeLog(ctx, label, true, []),
      group: (...label: unknown[]) => {
        if (label.length > 0) this.log(ctx, "log", label);
        this.target(ctx).indent += 2;
      },
      groupCollapsed: (...label: unknown[]) => {
        if (label.length > 0) this.log(ctx, "log", label);
        this.target(ctx).indent += 2;
      },
      groupEnd: () => {
        const target = this.target(ctx);
        target.indent = Math.max(0, target.indent - 2);
      },
      clear: () => undefined,
    };
  }

  private timeLog(ctx: RunContext, label: string, end: boolean, args: unknown[]): void {
    const target = this.target(ctx);
    const started = target.timers.get(label);
    if (started === undefined) {
      this.log(ctx, "warn", [`Warning: No such label '${label}' for console.time${end ? "End" : "Log"}()`]);
      return;
    }
    if (end) target.timers.delete(label);
    this.log(ctx, "info", [`${label}: ${(now() - started).toFixed(3)}ms`, ...args]);
  }

  /** The run that receives output printed by code of `ctx`'s cell. */
  private target(ctx: RunContext): RunContext {
    return this.active ?? ctx;
  }

  private hasRoom(target: RunContext): boolean {
    if (target.items < MAX_ITEMS && target.chars < MAX_CHARS) return true;
    target.dropped++;
    if (now() - this.lastFlush >= 250) this.flush();
    return false;
  }

  private log(ctx: RunContext, level: LogLevel, args: unknown[]): void {
    const target = this.target(ctx);
    if (!this.hasRoom(target)) return;
    let text = formatLogArgs(args);
    if (text.length > MAX_ITEM_CHARS) text = `${text.slice(0, MAX_ITEM_CHARS)}… (${text.length - MAX_ITEM_CHARS} more characters)`;
    const indent = target.indent;
    if (indent > 0) text = text.replace(/^/gm, " ".repeat(indent));
    const item: OutputItem = { kind: "log", level, text, indent };
    const formatted = typeof args[0] === "string" && args.length > 1 && args[0].includes("%");
    if (!formatted && args.some((a) => a !== null && (typeof a === "object" || (typeof a === "function" && Object.keys(a).length > 0)))) {
      item.values = args.map((a) => (typeof a === "string" ? { type: "text", text: a } : describe(a, this.refs, (r) => target.refs.push(r))));
    }
    this.output(target, item);
  }

  private table(ctx: RunContext, data: unknown, properties?: string[]): void {
    const table = tableData(data, properties);
    if (!table) {
      this.log(ctx, "log", [data]);
      return;
    }
    const target = this.target(ctx);
    if (!this.hasRoom(target)) return;
    let text = drawTable(table);
    if (target.indent > 0) text = text.replace(/^/gm, " ".repeat(target.indent));
    this.output(target, { kind: "table", columns: table.columns, rows: table.rows, text, indent: target.indent });
  }

  private display(ctx: RunContext, value: unknown): void {
    const target = this.target(ctx);
    const blobType = typeof Blob !== "undefined" && value instanceof Blob ? value.type : undefined;
    if (blobType !== undefined && blobType.startsWith("image/")) {
      if (this.hasRoom(target)) this.output(target, { kind: "image", blob: value as Blob, alt: `${blobType} image` });
      return;
    }
    if (typeof value === "string" && /^data:image\/[a-z+.-]+[;,]/i.test(value)) {
      if (this.hasRoom(target)) this.output(target, { kind: "image", url: value, alt: `${value.slice(5, value.search(/[;,]/))} image` });
      return;
    }
    let distribution: OutputItem | undefined;
    try {
      distribution = distributionItem(value);
    } catch {
      // A proxy or an odd object that throws when read: shown as any value.
    }
    if (distribution) {
      if (this.hasRoom(target)) this.output(target, distribution);
      return;
    }
    if (Array.isArray(value) && value.length > 0 && value.every((row) => row !== null && typeof row === "object")) {
      this.table(ctx, value);
      return;
    }
    this.log(ctx, "log", [value]);
  }

  private output(target: RunContext, item: OutputItem): void {
    target.items++;
    target.chars += "text" in item ? item.text.length : 100;
    this.pending.push({ run: target.run, late: target.finished, item });
    // A run's first output goes at once (the reader is waiting for it); later output is batched.
    if (target.items === 1 || now() - this.lastFlush >= FLUSH_INTERVAL_MS) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
  }

  /** Posts buffered output now (batched per run). */
  flush(): void {
    if (this.flushTimer !== undefined) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    this.lastFlush = now();
    const pending = this.pending;
    this.pending = [];
    let i = 0;
    while (i < pending.length) {
      const { run, late } = pending[i]!;
      const items: OutputItem[] = [];
      while (i < pending.length && pending[i]!.run === run && pending[i]!.late === late) items.push(pending[i++]!.item);
      this.options.post({ type: "output", run, items, late });
    }
    for (const ctx of [this.active, this.last]) if (ctx) this.postDropped(ctx);
  }

  private postDropped(ctx: RunContext): void {
    if (ctx.dropped === ctx.droppedPosted) return;
    ctx.droppedPosted = ctx.dropped;
    this.options.post({ type: "dropped", run: ctx.run, count: ctx.dropped });
  }
}

/** The text of output items as a terminal shows it: stdout and stderr, for comparing with Node. */
export function outputText(items: readonly OutputItem[]): { stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  for (const item of items) {
    if (item.kind === "image" || item.kind === "model") continue;
    const text = item.kind === "error" ? item.error.message : item.text;
    const line = item.kind === "log" && item.raw ? text : `${text}\n`;
    if ((item.kind === "log" && (item.level === "warn" || item.level === "error")) || item.kind === "error") stderr += line;
    else stdout += line;
  }
  return { stdout, stderr };
}
