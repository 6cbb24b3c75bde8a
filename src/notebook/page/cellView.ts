/**
 * One cell on the page: its code (the lesson's, or the reader's edit), the
 * editor that replaces the static code on first focus, its buttons, its
 * execution count, running indicator and output. The lesson's code comes
 * with its build-compiled form (compiledCells.ts, fetched by the page's
 * loader), used whenever the code is unedited.
 *
 * @example
 * const view = new CellView(figure, "welcome", t, expander, compiled.get("greeting"));
 * view.code // the code a run sends to the kernel
 */
import type { CellEditor } from "./editor.ts";
import { OutputView, type Expander } from "./outputView.ts";
import type { CellNames, CompiledBy, CompiledSource, ErrorReport, OutputItem, ValueNode } from "../protocol.ts";
import { clearEdit, loadEdit, saveEdit } from "./storage.ts";
import type { Strings } from "./strings.ts";
import { sourceHash } from "./sourceHash.ts";
import type { BuildCompiled } from "./compiledCells.ts";

export interface CellCallbacks {
  run(view: CellView): void;
  runNext(view: CellView): void;
  /** The reader changed the code (the kernel's compiler will be needed). */
  edited(view: CellView): void;
}

/** The build-compiled form of the cell's code, when the build's entry is for exactly that code. */
function buildCompiled(entry: BuildCompiled | undefined, code: string): CompiledSource | undefined {
  return entry && typeof entry === "object" && entry.hash === sourceHash(code) ? entry.compiled : undefined;
}

export class CellView {
  readonly id: string;
  readonly figure: HTMLElement;
  readonly original: string;
  private readonly lesson: string;
  private readonly t: Strings;
  private readonly source: HTMLElement;
  private readonly output: OutputView;
  private readonly outputElement: HTMLElement;
  private readonly countElement: HTMLElement | null;
  private readonly statusElement: HTMLElement | null;
  private readonly runButton: HTMLButtonElement | null;
  private readonly stopButton: HTMLButtonElement | null;
  private current: string;
  private readonly build: CompiledSource | undefined;
  private editor: CellEditor | undefined;
  private mounting: Promise<CellEditor> | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(figure: HTMLElement, lesson: string, t: Strings, expander: Expander, build?: BuildCompiled) {
    this.figure = figure;
    this.id = figure.dataset.cell!;
    this.lesson = lesson;
    this.t = t;
    this.source = figure.querySelector<HTMLElement>(".cell-source")!;
    const lessonCode = this.source.querySelector<HTMLElement>("pre.astro-code, pre:not([data-edited-code])");
    this.original = lessonCode?.textContent ?? "";
    this.current = loadEdit(lesson, this.id) ?? this.original;
    this.build = buildCompiled(build, this.original);
    this.outputElement = figure.querySelector<HTMLElement>("[data-output]")!;
    this.output = new OutputView(this.outputElement, t, expander);
    this.countElement = figure.querySelector("[data-count]");
    this.statusElement = figure.querySelector("[data-status]");
    this.runButton = figure.querySelector("[data-action=run]");
    this.stopButton = figure.querySelector("[data-action=stop]");
    this.markEdited();
    // The site's Copy button asks for the code the reader sees.
    figure.addEventListener("cell:code", (event) => {
      (event as CustomEvent<{ code?: string }>).detail.code = this.code;
    });
  }

  get code(): string {
    return this.editor?.code ?? this.current;
  }

  get edited(): boolean {
    return this.code !== this.original;
  }

  /** The build's compiled form of the code to run, when that is the lesson's code. */
  get compiled(): CompiledSource | undefined {
    return this.edited ? undefined : this.build;
  }

  /** The names the code to run declares and uses, when known without the compiler. */
  get names(): CellNames | undefined {
    const compiled = this.compiled;
    if (!compiled) return undefined;
    return compiled.ok ? { names: compiled.names, uses: compiled.uses } : { names: [], uses: [] };
  }

  /** Replaces the static code with the editor (loaded on first use). */
  mountEditor(focus: boolean): Promise<CellEditor> {
    this.mounting ??= import("./editor.ts").then(({ createEditor }) => {
      const host = document.createElement("div");
      host.className = "cell-editor";
      const editor = createEditor(host, this.current, {
        label: this.t("editorLabel", { id: this.id }),
        onChange: (code) => this.changed(code),
        onRun: () => this.callbacks?.run(this),
        onRunNext: () => this.callbacks?.runNext(this),
      });
      for (const pre of this.source.querySelectorAll("pre")) pre.hidden = true;
      this.source.append(host);
      this.editor = editor;
      this.figure.dataset.editing = "";
      return editor;
    });
    return this.mounting.then((editor) => {
      if (focus) editor.focus();
      return editor;
    });
  }

  callbacks: CellCallbacks | undefined;

  private changed(code: string): void {
    this.current = code;
    this.callbacks?.edited(this);
    this.markEdited();
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.save(), 250);
  }

  /** Writes the edit now (or forgets it when the code is the lesson's again). */
  save(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (this.edited) saveEdit(this.lesson, this.id, this.code);
    else clearEdit(this.lesson, this.id);
  }

  private markEdited(): void {
    this.figure.toggleAttribute("data-edited", this.code !== this.original);
  }

  /** Back to the lesson's code, asking first when the reader changed it. */
  async reset(): Promise<void> {
    if (this.edited && !confirm(this.t("resetConfirm"))) return;
    this.current = this.original;
    clearEdit(this.lesson, this.id);
    if (this.editor) this.editor.setCode(this.original);
    for (const pre of this.source.querySelectorAll<HTMLElement>("pre[data-edited-code]")) pre.remove();
    const lessonCode = this.source.querySelector<HTMLElement>("pre");
    if (lessonCode && !this.editor) lessonCode.hidden = false;
    this.markEdited();
    this.save();
  }

  focusEditor(): void {
    void this.mountEditor(true);
  }

  queued(): void {
    this.setCount("*");
    this.setStatus(this.t("queued"));
  }

  started(count: number, expander: Expander): void {
    this.figure.removeAttribute("data-stale");
    this.figure.removeAttribute("data-recorded");
    this.figure.dataset.state = "running";
    this.setCount(String(count));
    this.output.clear(expander);
    // Type errors never block a run; the output says the code had some.
    const typeErrors = this.editor?.typeErrors ?? 0;
    if (typeErrors > 0) this.output.notice(this.t("types.ranWithErrors", { count: typeErrors }), "out-notice out-type-errors");
    this.setRunning(true);
    const began = performance.now();
    const tick = () => this.setStatus(this.t("runningFor", { seconds: ((performance.now() - began) / 1000).toFixed(1) }));
    tick();
    this.ticker = setInterval(tick, 100);
  }

  append(items: OutputItem[], late: boolean): void {
    this.output.append(items, late);
  }

  /** A line of the notebook's own above the cell's output. */
  notice(text: string): void {
    this.output.notice(text);
  }

  /** Did not run: a cell it needs failed first. */
  blocked(text: string): void {
    this.figure.removeAttribute("data-recorded");
    this.output.clear(async () => undefined);
    this.output.notice(text, "out-stopped");
    this.figure.dataset.state = "error";
    this.setCount(" ");
    this.setStatus(this.t("failed"));
  }

  dropped(count: number): void {
    this.output.dropped(count);
  }

  finished(result: { ok: true; value?: ValueNode; ms: number; compiledBy: CompiledBy } | { ok: false; error: ErrorReport; ms: number; compiledBy?: CompiledBy }): void {
    this.stopTicker();
    this.output.drain();
    if (result.compiledBy) this.figure.dataset.compiledBy = result.compiledBy;
    if (result.ok) {
      if (result.value) this.output.value(result.value);
      this.figure.dataset.state = "ok";
      this.setStatus(this.t("doneIn", { ms: Math.max(1, Math.round(result.ms)) }));
    } else {
      this.output.error(result.error);
      this.figure.dataset.state = "error";
      this.setStatus(this.t("failed"));
    }
  }

  /** Ended by Stop: the kernel behind it is gone. */
  stopped(wasRunning: boolean): void {
    this.stopTicker();
    this.output.drain();
    this.figure.dataset.state = "stopped";
    if (wasRunning) {
      this.output.notice(this.t("stoppedNotice"), "out-stopped");
      this.setStatus(this.t("stopped"));
    } else {
      this.setCount(" ");
      this.setStatus(this.t("notRun"));
    }
  }

  /** The kernel that produced this output is gone. */
  markStale(): void {
    if (this.outputElement.childElementCount > 0 || this.countElement?.textContent?.trim()) {
      this.figure.dataset.stale = "";
      this.setStatus(this.t("stale"));
    }
  }

  private stopTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.setRunning(false);
  }

  private setRunning(running: boolean): void {
    if (this.stopButton) this.stopButton.disabled = !running;
    if (this.runButton) this.runButton.setAttribute("aria-busy", String(running));
  }

  private setCount(text: string): void {
    if (this.countElement) this.countElement.textContent = `[${text}]`;
  }

  private setStatus(text: string): void {
    if (this.statusElement) this.statusElement.textContent = text;
  }
}
