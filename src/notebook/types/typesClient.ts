/**
 * The page's side of the language service: one worker for the page,
 * started on the reader's first edit (never on reading or Run alone), fed
 * every cell's code in page order a moment after typing stops, and routing
 * diagnostics to the cells whose editors are open. Hover and completion
 * answer nothing until the worker is ready: the editor works without it.
 *
 * Each diagnostics update is recorded as a `carnet:types-diagnostics`
 * performance measure from the change it follows, so it can be timed.
 *
 * @example
 * const types = typesClient(document);
 * types.register("first-chat", { show: (items) => render(items) });
 * types.changed(); // starts the worker on the first call
 */
import type { CellSource } from "./notebookProgram.ts";
import type { Completions, FromTypes, Hover, ToTypes, TypeDiagnostic } from "./protocol.ts";

/** Quiet time after a keystroke before the code is checked. */
const DEBOUNCE_MS = 200;

export interface CellTypesView {
  show(items: TypeDiagnostic[]): void;
}

type Answer = Extract<FromTypes, { request: number }>;

export class TypesClient {
  private readonly doc: Document;
  private worker: Worker | undefined;
  private readonly views = new Map<string, CellTypesView>();
  private readonly waiting = new Map<number, (answer: Answer | undefined) => void>();
  private nextRequest = 1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the oldest change not yet covered by diagnostics happened. */
  private changedAt: number | undefined;
  private readonly sentAt = new Map<number, number>();
  private readyValue = false;
  /** Settles once the worker has been sent its `init` (after the lesson's data files were fetched). */
  private initialized: Promise<void> = Promise.resolve();
  /** Whether TypeScript's messages are in the page's language. */
  localized = true;
  /** Set when the worker failed: what to tell the reader. */
  failure: string | undefined;

  constructor(doc: Document) {
    this.doc = doc;
  }

  get ready(): boolean {
    return this.readyValue;
  }

  /** A cell's editor is open: its diagnostics go to `view` (checked now if the service runs). */
  register(cell: string, view: CellTypesView): void {
    this.views.set(cell, view);
    if (this.worker) this.schedule(0);
  }

  /** The reader changed a cell: starts the service on the first change, then checks after a pause. */
  changed(): void {
    this.changedAt ??= performance.now();
    if (!this.worker) this.start();
    this.schedule(DEBOUNCE_MS);
  }

  async hover(cell: string, offset: number): Promise<Hover | undefined> {
    const answer = await this.ask({ type: "hover", request: 0, cell, offset });
    return answer?.type === "hover" ? answer.hover : undefined;
  }

  async complete(cell: string, offset: number): Promise<Completions | undefined> {
    const answer = await this.ask({ type: "complete", request: 0, cell, offset });
    return answer?.type === "complete" ? answer.completions : undefined;
  }

  private start(): void {
    this.worker = new Worker(new URL("./languageService.worker.ts", import.meta.url), { type: "module" });
    this.worker.addEventListener("message", (event: MessageEvent<FromTypes>) => this.receive(event.data));
    this.worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.fail(event.message || "worker error");
    });
    const locale = this.doc.documentElement.lang || "en";
    this.initialized = this.lessonData().then((data) => this.post({ type: "init", locale, data }));
  }

  /** The data files the lesson's cells import (`./models.json`, `./data/levels.csv`), fetched from beside the page; a file that cannot be had is left out. */
  private async lessonData(): Promise<Record<string, string>> {
    const code = [...this.doc.querySelectorAll("figure.cell[data-cell] .cell-source pre")].map((pre) => pre.textContent ?? "").join("\n");
    const names = [...new Set([...code.matchAll(/from\s+["']\.\/((?:[\w-]+\/)*[\w.-]+\.(?:json|csv))["']/g)].map((m) => m[1]!))];
    const files = await Promise.all(
      names.map(async (name) => {
        try {
          const response = await fetch(new URL(name, this.doc.baseURI));
          return response.ok ? ([name, await response.text()] as const) : undefined;
        } catch {
          return undefined;
        }
      }),
    );
    return Object.fromEntries(files.filter((f) => f !== undefined));
  }

  private fail(message: string): void {
    this.failure = message;
    for (const resolve of this.waiting.values()) resolve(undefined);
    this.waiting.clear();
    for (const view of this.views.values()) view.show([]);
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), delay);
  }

  private update(): void {
    this.timer = undefined;
    const request = this.nextRequest++;
    this.sentAt.set(request, this.changedAt ?? performance.now());
    this.changedAt = undefined;
    const cells = this.cells();
    void this.initialized.then(() => this.post({ type: "update", request, cells }));
  }

  /** Every cell's code in page order, as the notebook holds it (the reader's edit or the lesson's). */
  private cells(): CellSource[] {
    return [...this.doc.querySelectorAll<HTMLElement>("figure.cell[data-cell]")].map((figure) => {
      const ask = new CustomEvent<{ code?: string }>("cell:code", { detail: {} });
      figure.dispatchEvent(ask);
      return { id: figure.dataset.cell!, code: ask.detail.code ?? figure.querySelector(".cell-source pre")?.textContent ?? "" };
    });
  }

  private ask(message: Extract<ToTypes, { request: number }>): Promise<Answer | undefined> {
    if (!this.worker || !this.readyValue || this.failure) return Promise.resolve(undefined);
    // The answer must be about the code the reader sees: a change still waiting for its pause goes first.
    if (this.timer) {
      clearTimeout(this.timer);
      this.update();
    }
    const request = this.nextRequest++;
    this.post({ ...message, request });
    return new Promise((resolve) => this.waiting.set(request, resolve));
  }

  private post(message: ToTypes): void {
    this.worker?.postMessage(message);
  }

  private receive(message: FromTypes): void {
    switch (message.type) {
      case "ready":
        this.readyValue = true;
        this.localized = message.localized;
        return;
      case "diagnostics": {
        // Requests the worker merged into this one count from the oldest change among them.
        let since: number | undefined;
        for (const [request, at] of this.sentAt) {
          if (request > message.request) continue;
          since = Math.min(since ?? at, at);
          this.sentAt.delete(request);
        }
        if (since !== undefined) performance.measure("carnet:types-diagnostics", { start: since, end: performance.now() });
        for (const cell of message.cells) this.views.get(cell.id)?.show(cell.items);
        return;
      }
      case "failed":
      case "hover":
      case "complete": {
        const resolve = this.waiting.get(message.request);
        // A check that failed (not a hover or completion) stops type checking, and the cells say so.
        if (message.type === "failed" && !resolve) this.fail(message.message);
        this.waiting.delete(message.request);
        resolve?.(message.type === "failed" ? undefined : message);
        return;
      }
    }
  }
}

let shared: TypesClient | undefined;

/** The page's one client. */
export function typesClient(doc: Document = document): TypesClient {
  shared ??= new TypesClient(doc);
  return shared;
}
