/**
 * The page's side of the kernel: starts the worker, sends runs, routes what
 * comes back to the cell that asked, and ends a runaway cell by terminating
 * the worker (then starts a fresh one: the earlier state is gone). Each
 * worker is a "generation"; values shown by an earlier one can no longer be
 * expanded.
 *
 * Seam for reader settings: `setEnv` fills the kernel's `process.env` (for
 * example `HF_TOKEN`) now and for every later kernel after a restart.
 *
 * @example
 * const kernel = new KernelClient(() => new Worker(url, { type: "module" }));
 * kernel.run("greeting", code, { output: (items) => show(items), done: (result) => finish(result) });
 */
import type { CellNames, CompiledBy, CompiledSource, ErrorReport, Expansion, FromKernel, InitMessage, OutputItem, ToKernel, ValueNode } from "../protocol.ts";
import type { EngineAsk, EngineReply } from "../models/shared/browser/engineMessages.ts";
import { siteRoot } from "./siteRoot.ts";

export type KernelState = "starting" | "idle" | "running" | "restarted";

type RunResult =
  | { ok: true; value?: ValueNode; ms: number; compiledBy: CompiledBy }
  | { ok: false; error: ErrorReport; ms: number; compiledBy?: CompiledBy }
  | { ok: false; stopped: true; ms: number };

export interface RunHandlers {
  /** The kernel began this run (earlier ones in the queue are done). */
  started?(): void;
  output(items: OutputItem[], late: boolean): void;
  dropped?(count: number): void;
  done(result: RunResult): void;
}

interface Connection {
  worker: Worker;
  port: MessagePort;
  generation: number;
}

export class KernelClient {
  private readonly createWorker: () => Worker;
  private connection: Connection | undefined;
  private generation = 0;
  private nextRun = 1;
  private nextRequest = 1;
  private env: Record<string, string> = {};
  private readonly handlers = new Map<number, RunHandlers & { startedAt: number }>();
  private readonly unfinished = new Set<number>();
  private readonly expansions = new Map<number, (expansion: Expansion | undefined) => void>();
  private readonly analyses = new Map<number, (names: CellNames) => void>();
  /** Browser-engine requests of the current kernel, by number: each one's cancel. */
  private readonly engineCalls = new Map<number, () => void>();
  private readonly stateListeners = new Set<(state: KernelState) => void>();
  private stateValue: KernelState = "starting";

  private readonly dataFiles: Record<string, string>;

  /** `dataFiles`: the lesson's data files the page fetched already (text by specifier), given to every kernel it starts. */
  constructor(createWorker: () => Worker, dataFiles: Record<string, string> = {}) {
    this.createWorker = createWorker;
    this.dataFiles = dataFiles;
  }

  get state(): KernelState {
    return this.stateValue;
  }

  /** The current worker's number; bumped by `stop` and `restart`. */
  get currentGeneration(): number {
    return this.generation;
  }

  onState(listener: (state: KernelState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Starts the worker now (it loads while the reader is still reading). */
  warm(): void {
    this.connect();
  }

  /** Sets `process.env` for cells, in this kernel and the ones after a restart. */
  setEnv(env: Record<string, string>): void {
    this.env = { ...env };
    if (this.connection) this.send({ type: "env", env: this.env });
  }

  /** Queues a cell's code (with its build-compiled form when it has one); returns the run's number. */
  run(cell: string, code: string, handlers: RunHandlers, compiled?: CompiledSource): number {
    this.connect();
    const run = this.nextRun++;
    this.handlers.set(run, { ...handlers, startedAt: performance.now() });
    this.unfinished.add(run);
    this.setState("running");
    this.send({ type: "run", run, cell, code, ...(compiled ? { compiled } : {}) });
    return run;
  }

  /** Has the kernel load its compiler now: a cell is being edited. */
  prepare(): void {
    this.connect();
    this.send({ type: "prepare" });
  }

  /** The names `code` declares and uses, from the kernel's compiler (none when it does not compile or the kernel is stopped meanwhile). */
  analyze(code: string): Promise<CellNames> {
    this.connect();
    const request = this.nextRequest++;
    return new Promise((resolve) => {
      this.analyses.set(request, resolve);
      this.send({ type: "analyze", request, code });
    });
  }

  /** Whether any run is queued or running. */
  get busy(): boolean {
    return this.unfinished.size > 0;
  }

  /** Children of a value shown by the current kernel, or undefined when its kernel is gone. */
  expand(generation: number, ref: number, from: number): Promise<Expansion | undefined> {
    if (generation !== this.generation || !this.connection) return Promise.resolve(undefined);
    const request = this.nextRequest++;
    return new Promise((resolve) => {
      this.expansions.set(request, resolve);
      this.send({ type: "expand", request, ref, from });
    });
  }

  /** Ends every queued and running cell at once by ending the worker, then starts a fresh kernel. */
  stop(): void {
    this.terminate();
    this.connect();
    this.setState("restarted");
  }

  private terminate(): void {
    const connection = this.connection;
    this.connection = undefined;
    if (connection) {
      connection.port.close();
      connection.worker.terminate();
    }
    this.settleRequests();
    const now = performance.now();
    for (const run of [...this.unfinished].sort((a, b) => a - b)) {
      const handlers = this.handlers.get(run);
      this.unfinished.delete(run);
      handlers?.done({ ok: false, stopped: true, ms: now - (handlers.startedAt ?? now) });
    }
    this.handlers.clear();
  }

  /** Answers requests the kernel can no longer answer: nothing to expand, no names known. */
  private settleRequests(): void {
    for (const resolve of this.expansions.values()) resolve(undefined);
    this.expansions.clear();
    for (const resolve of this.analyses.values()) resolve({ names: [], uses: [] });
    this.analyses.clear();
    // The engine stays loaded for the next kernel; only the requests of this one end.
    for (const cancel of this.engineCalls.values()) cancel();
    this.engineCalls.clear();
  }

  private connect(): void {
    if (this.connection) return;
    const worker = this.createWorker();
    const channel = new MessageChannel();
    const generation = ++this.generation;
    const connection: Connection = { worker, port: channel.port1, generation };
    this.connection = connection;
    if (this.stateValue !== "restarted") this.setState("starting");
    channel.port1.onmessage = (event: MessageEvent<FromKernel>) => {
      if (this.connection !== connection) return;
      this.receive(event.data);
    };
    // Anything the worker posts outside the port comes from a cell: ignored.
    worker.onmessage = () => undefined;
    worker.onerror = (event) => {
      event.preventDefault();
      if (this.connection !== connection) return;
      // The worker script itself failed: report it to every waiting run.
      const message = event.message || "The kernel could not start";
      for (const run of this.unfinished) {
        this.handlers.get(run)?.done({ ok: false, error: { kind: "runtime", message }, ms: 0 });
      }
      this.unfinished.clear();
      this.settleRequests();
      this.connection = undefined;
      worker.terminate();
      this.setState("idle");
    };
    const init: InitMessage = { type: "init", port: channel.port2, env: this.env, dataBase: globalThis.location?.href, dataFiles: this.dataFiles, site: siteRoot() };
    worker.postMessage(init, [channel.port2]);
  }

  private receive(message: FromKernel): void {
    if (!message || typeof message !== "object") return;
    switch (message.type) {
      case "ready":
        if (this.stateValue === "starting") this.setState(this.busy ? "running" : "idle");
        break;
      case "started":
        this.handlers.get(message.run)?.started?.();
        break;
      case "output":
        this.handlers.get(message.run)?.output(message.items, message.late);
        break;
      case "dropped":
        this.handlers.get(message.run)?.dropped?.(message.count);
        break;
      case "done": {
        const handlers = this.handlers.get(message.run);
        this.unfinished.delete(message.run);
        if (!this.busy) this.setState("idle");
        const { compiledBy, ms } = message;
        handlers?.done(message.ok ? { ok: true, value: message.value, ms, compiledBy } : { ok: false, error: message.error, ms, compiledBy });
        break;
      }
      case "analyzed": {
        const resolve = this.analyses.get(message.request);
        this.analyses.delete(message.request);
        resolve?.(message.names);
        break;
      }
      case "engine":
        this.engineRequest(message.request, message.ask);
        break;
      case "engineCancel":
        this.engineCalls.get(message.request)?.();
        this.engineCalls.delete(message.request);
        break;
      case "expanded": {
        const resolve = this.expansions.get(message.request);
        this.expansions.delete(message.request);
        resolve?.(message.expansion);
        break;
      }
    }
  }

  /** Hands a chat request to the page's browser engine (its code loads with the first one). */
  private engineRequest(request: number, ask: EngineAsk): void {
    const connection = this.connection;
    let cancel: (() => void) | undefined;
    let cancelled = false;
    this.engineCalls.set(request, () => {
      cancelled = true;
      cancel?.();
    });
    const reply = (answer: EngineReply) => {
      if (this.connection !== connection) return;
      if (answer.type === "done" || answer.type === "error") this.engineCalls.delete(request);
      this.send({ type: "engine", request, reply: answer });
    };
    import("../models/page/browser/engineHost.ts").then(
      (host) => {
        if (!cancelled && this.connection === connection) cancel = host.answer(ask, reply);
      },
      (error: unknown) => reply({ type: "error", code: "browserFailed", detail: String(error) }),
    );
  }

  private send(message: ToKernel): void {
    this.connection?.port.postMessage(message);
  }

  private setState(state: KernelState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    for (const listener of this.stateListeners) listener(state);
  }
}
