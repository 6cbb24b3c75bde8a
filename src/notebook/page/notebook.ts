/**
 * The notebook of one lesson page, started by the page's loader on the
 * reader's first interaction with a cell: one kernel (a Web Worker) for all
 * cells, Run / Run and go to next / Run all (stops at the first error) /
 * Stop / Restart / Reset, the kernel's state, and execution counts.
 *
 * Running one cell first runs the earlier cells it needs (prerequisites.ts)
 * that have not run in this kernel with their current code, each with its
 * own output; the cell then says which ones ran and why. Run all runs every
 * cell in order, as written. Unedited cells run their build-compiled form;
 * the first edit has the kernel load its compiler in the background.
 *
 * The reader's model settings fill the kernel's `process.env` before any
 * cell runs (`setEnv`, kept across restarts). The page's `KernelClient` is
 * returned and published as `window.carnetKernel`, so the settings panel
 * can update `process.env` when the reader saves.
 *
 * The loader hands over what it fetched on intent beside the worker: the
 * build's compiled cells, the notebook's strings, the model data (the
 * strings outputs and the settings need) and the lesson's data files its
 * cells import (so a first run does not wait for them).
 *
 * @example
 * const notebook = startNotebook(document, worker, compiled, { strings, models });
 * notebook.kernel.setEnv({ HF_TOKEN: token });
 */
import { CellView } from "./cellView.ts";
import { KernelClient, type KernelState } from "./kernelClient.ts";
import { pageStrings, setNotebookStrings, type Strings } from "./strings.ts";
import { startKernelWorker } from "./startKernelWorker.ts";
import type { CompiledCells } from "./compiledCells.ts";
import { planPrerequisites } from "./prerequisites.ts";
import { kernelEnv, loadSettings } from "../models/page/settingsStore.ts";
import { loadModelPageData } from "../models/page/pageData.ts";

/** The page's data files the loader fetched (each missing if its fetch failed). */
export interface FetchedData {
  strings?: Record<string, unknown> | undefined;
  models?: Record<string, unknown> | undefined;
  /** The lesson's data files its cells import, text by specifier (`./models.json`), for the kernel. */
  dataFiles?: Record<string, string>;
}

export interface Notebook {
  kernel: KernelClient;
  cells: CellView[];
  /** Handles an event that happened while the notebook was loading. */
  replay(event: Event): void;
}

declare global {
  interface Window {
    carnetKernel?: KernelClient;
  }
}

export function startNotebook(doc: Document = document, firstWorker?: Worker, compiledCells: CompiledCells = new Map(), fetched: FetchedData = {}): Notebook {
  setNotebookStrings(fetched.strings);
  // Given, or fetched now (for the outputs of model calls) should the loader's fetch have failed.
  void loadModelPageData(doc, fetched.models);
  const t = pageStrings(doc);
  const lesson = doc.querySelector<HTMLElement>("[data-lesson]")?.dataset.lesson ?? location.pathname;
  let ready = firstWorker;
  const kernel = new KernelClient(() => {
    const worker = ready ?? startKernelWorker();
    ready = undefined;
    return worker;
  }, fetched.dataFiles);
  kernel.setEnv(kernelEnv(loadSettings()));
  window.carnetKernel = kernel;
  // A cell asks consent for a large download into this browser: its button lets the waiting request go on.
  doc.addEventListener("click", (event) => {
    const button = (event.target as Element | null)?.closest?.<HTMLButtonElement>("button[data-engine-agree]");
    if (!button) return;
    button.disabled = true;
    void import("../models/page/browser/engineHost.ts").then((host) => host.agree(button.dataset.engineAgree ?? ""));
  });
  let count = 0;
  const running = new Set<CellView>();
  const expanderFor = (generation: number) => (ref: number, from: number) => kernel.expand(generation, ref, from);

  const cells = [...doc.querySelectorAll<HTMLElement>("figure.cell[data-cell]")].map(
    (figure) => new CellView(figure, lesson, t, expanderFor(0), compiledCells.get(figure.dataset.cell!)),
  );
  const byFigure = new Map(cells.map((cell) => [cell.figure, cell]));

  const bar = doc.querySelector<HTMLElement>("[data-notebook-bar]");
  const stateText = bar?.querySelector<HTMLElement>("[data-kernel-state]");
  const barStop = bar?.querySelector<HTMLButtonElement>("[data-action=stop-all]");
  const showState = (state: KernelState) => {
    if (stateText) stateText.textContent = t(`state.${state}`);
    bar?.setAttribute("data-state", state);
    if (barStop) barStop.disabled = !kernel.busy;
  };
  kernel.onState(showState);
  showState(kernel.state);

  /** The code each cell last ran without error in the current kernel. */
  const ran = new Map<CellView, string>();
  let preparedGeneration = 0;
  const prepareCompiler = () => {
    if (preparedGeneration === kernel.currentGeneration) return;
    kernel.prepare();
    preparedGeneration = kernel.currentGeneration;
  };

  /** Runs a cell, showing `notes` above its output; resolves true when it finished without error. */
  const run = (cell: CellView, notes: string[] = []): Promise<boolean> => {
    cell.save();
    // Marked as queued only when it has to wait: an idle kernel starts it at once.
    if (kernel.busy) cell.queued();
    const code = cell.code;
    return new Promise((resolve) => {
      const generation = kernel.currentGeneration;
      kernel.run(cell.id, code, {
        started: () => {
          running.add(cell);
          cell.started(++count, expanderFor(generation));
          for (const note of notes) cell.notice(note);
          if (barStop) barStop.disabled = false;
        },
        output: (items, late) => cell.append(items, late),
        dropped: (n) => cell.dropped(n),
        done: (result) => {
          const wasRunning = running.delete(cell);
          if ("stopped" in result) {
            cell.stopped(wasRunning);
            resolve(false);
          } else {
            cell.finished(result);
            if (result.ok && generation === kernel.currentGeneration) ran.set(cell, code);
            else ran.delete(cell);
            resolve(result.ok);
          }
          if (barStop) barStop.disabled = !kernel.busy;
        },
      }, cell.compiled);
    });
  };

  const names = new Intl.ListFormat(doc.documentElement.lang || "en", { type: "conjunction" });
  const listed = (provides: string[]) => names.format(provides.map((name) => `\`${name}\``));

  /** Runs the earlier cells `cell` needs (see prerequisites.ts), then the cell; stops at a failing one. */
  const runWithPrerequisites = async (cell: CellView): Promise<boolean> => {
    const index = cells.indexOf(cell);
    const known = await Promise.all(cells.slice(0, index + 1).map((c) => c.names ?? kernel.analyze(c.code)));
    const plan = planPrerequisites(known.map((n, i) => ({ ...n, ran: ran.get(cells[i]!) === cells[i]!.code })), index);
    if (plan.length === 0) return run(cell);
    cell.queued();
    const generation = kernel.currentGeneration;
    for (const { index: before, provides } of plan) {
      if (await run(cells[before]!)) continue;
      // Stopped meanwhile: the cell did not run; otherwise the needed cell failed.
      if (generation !== kernel.currentGeneration) cell.stopped(false);
      else cell.blocked(t("prerequisiteFailed", { cell: cells[before]!.id, names: listed(provides) }));
      return false;
    }
    return run(cell, plan.map(({ index: before, provides }) => t("ranFirst", { cell: cells[before]!.id, names: listed(provides) })));
  };

  const runAll = async () => {
    for (const cell of cells) {
      if (!(await run(cell))) break;
    }
  };

  const stop = () => {
    const wasBusy = kernel.busy;
    ran.clear();
    kernel.stop();
    for (const cell of cells) cell.markStale();
    if (wasBusy) announce(t("stoppedAnnouncement"));
  };

  const restart = () => {
    ran.clear();
    kernel.stop();
    for (const cell of cells) cell.markStale();
    announce(t("restartedAnnouncement"));
  };

  const announce = (text: string) => {
    const live = bar?.querySelector<HTMLElement>("[data-kernel-notice]");
    if (live) live.textContent = text;
  };

  const runNext = (cell: CellView) => {
    void runWithPrerequisites(cell);
    const next = cells[cells.indexOf(cell) + 1];
    if (next) next.focusEditor();
  };
  for (const cell of cells) cell.callbacks = { run: (c) => void runWithPrerequisites(c), runNext, edited: prepareCompiler };

  const act = (action: string, cell: CellView | undefined) => {
    switch (action) {
      case "run":
        if (cell) void runWithPrerequisites(cell);
        break;
      case "stop":
      case "stop-all":
        stop();
        break;
      case "edit":
        cell?.focusEditor();
        break;
      case "reset":
        void cell?.reset();
        break;
      case "run-all":
        void runAll();
        break;
      case "restart":
        restart();
        break;
    }
  };

  const handle = (event: Event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const figure = target.closest<HTMLElement>("figure.cell[data-cell]");
    const cell = figure ? byFigure.get(figure) : undefined;
    if (event.type === "click") {
      const button = target.closest<HTMLButtonElement>("button[data-action]");
      if (button && !button.disabled) act(button.dataset.action!, cell);
      else if (cell && target.closest(".cell-source") && !target.closest(".cell-editor")) cell.focusEditor();
    } else if (event.type === "focusin") {
      if (cell && target.closest(".cell-source pre")) cell.focusEditor();
    } else if (event.type === "keydown") {
      const key = event as KeyboardEvent;
      if (!cell || key.key !== "Enter" || target.closest(".cell-editor")) return;
      if (key.ctrlKey || key.metaKey) {
        key.preventDefault();
        void runWithPrerequisites(cell);
      } else if (key.shiftKey && target.closest(".cell-source")) {
        key.preventDefault();
        runNext(cell);
      }
    }
  };
  for (const type of ["click", "focusin", "keydown"]) doc.addEventListener(type, handle);
  addEventListener("pagehide", () => cells.forEach((cell) => cell.save()));

  kernel.warm();
  // Edits saved from an earlier visit will need the compiler.
  if (cells.some((cell) => cell.edited)) prepareCompiler();
  return {
    kernel,
    cells,
    replay(event) {
      if (event.type === "pointerdown") return;
      handle(event);
    },
  };
}

export type { Strings };
