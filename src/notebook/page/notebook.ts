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
 * Running is cellRunner.ts's, the bar's state and notices notebookBar.ts's;
 * here the parts are made and the page's events reach them.
 *
 * The reader's model settings fill the kernel's `process.env` before any
 * cell runs (`setEnv`, kept across restarts). The page's `KernelClient` is
 * returned and registered in pageKernel.ts, so the settings panel can
 * update `process.env` when the reader saves.
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
import { CellRunner, expanderFor } from "./cellRunner.ts";
import { KernelClient } from "./kernelClient.ts";
import { NotebookBar } from "./notebookBar.ts";
import { registerPageKernel } from "./pageKernel.ts";
import { pageStrings, setNotebookStrings, type Strings } from "./strings.ts";
import { startKernelWorker } from "./startKernelWorker.ts";
import type { CompiledCells } from "./compiledCells.ts";
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

/** The kernel for the page: its first worker is the one the loader started (if any), later ones (after a restart) new; the reader's settings fill its `process.env`; the lesson's data files the loader fetched are handed to it. */
function createKernel(firstWorker: Worker | undefined, dataFiles: Record<string, string> | undefined): KernelClient {
  let ready = firstWorker;
  const kernel = new KernelClient(() => {
    const worker = ready ?? startKernelWorker();
    ready = undefined;
    return worker;
  }, dataFiles);
  kernel.setEnv(kernelEnv(loadSettings()));
  return kernel;
}

/** A cell asks consent for a large download into this browser: its button lets the waiting request go on. */
function listenForDownloadConsent(doc: Document): void {
  doc.addEventListener("click", (event) => {
    const button = (event.target as Element | null)?.closest?.<HTMLButtonElement>("button[data-engine-agree]");
    if (!button) return;
    button.disabled = true;
    void import("../models/page/browser/engineHost.ts").then((host) => host.agree(button.dataset.engineAgree ?? ""));
  });
}

/** A view for each cell of the page, with its build-compiled code. */
function createCells(doc: Document, t: Strings, kernel: KernelClient, compiledCells: CompiledCells): CellView[] {
  const lesson = doc.querySelector<HTMLElement>("[data-lesson]")?.dataset.lesson ?? location.pathname;
  return [...doc.querySelectorAll<HTMLElement>("figure.cell[data-cell]")].map(
    (figure) => new CellView(figure, lesson, t, expanderFor(kernel, 0), compiledCells.get(figure.dataset.cell!)),
  );
}

/** Runs a cell and moves the reader to the next one (Shift+Enter). */
function runAndGoToNext(runner: CellRunner, cells: readonly CellView[], cell: CellView): void {
  void runner.runWithPrerequisites(cell);
  const next = cells[cells.indexOf(cell) + 1];
  if (next) next.focusEditor();
}

/** What a button's `data-action` does: on its cell, or (the bar's) on the notebook. */
function act(runner: CellRunner, action: string, cell: CellView | undefined): void {
  switch (action) {
    case "run":
      if (cell) void runner.runWithPrerequisites(cell);
      break;
    case "stop":
    case "stop-all":
      runner.stop();
      break;
    case "edit":
      cell?.focusEditor();
      break;
    case "reset":
      void cell?.reset();
      break;
    case "run-all":
      void runner.runAll();
      break;
    case "restart":
      runner.restart();
      break;
  }
}

/**
 * The page's clicks, focus and keys on cells and the bar: buttons act, a
 * click or focus in a cell's code opens its editor, Ctrl/Cmd+Enter runs the
 * cell and Shift+Enter runs it and moves on (keys typed in an editor are the
 * editor's own).
 */
function pageEventHandler(runner: CellRunner, cells: readonly CellView[]): (event: Event) => void {
  const byFigure = new Map(cells.map((cell) => [cell.figure, cell]));
  return (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const figure = target.closest<HTMLElement>("figure.cell[data-cell]");
    const cell = figure ? byFigure.get(figure) : undefined;
    if (event.type === "click") {
      const button = target.closest<HTMLButtonElement>("button[data-action]");
      if (button && !button.disabled) act(runner, button.dataset.action!, cell);
      else if (cell && target.closest(".cell-source") && !target.closest(".cell-editor")) cell.focusEditor();
    } else if (event.type === "focusin") {
      if (cell && target.closest(".cell-source pre")) cell.focusEditor();
    } else if (event.type === "keydown") {
      const key = event as KeyboardEvent;
      if (!cell || key.key !== "Enter" || target.closest(".cell-editor")) return;
      if (key.ctrlKey || key.metaKey) {
        key.preventDefault();
        void runner.runWithPrerequisites(cell);
      } else if (key.shiftKey && target.closest(".cell-source")) {
        key.preventDefault();
        runAndGoToNext(runner, cells, cell);
      }
    }
  };
}

export function startNotebook(doc: Document = document, firstWorker?: Worker, compiledCells: CompiledCells = new Map(), fetched: FetchedData = {}): Notebook {
  setNotebookStrings(fetched.strings);
  // Given, or fetched now (for the outputs of model calls) should the loader's fetch have failed.
  void loadModelPageData(doc, fetched.models);
  const t = pageStrings(doc);
  const kernel = createKernel(firstWorker, fetched.dataFiles);
  registerPageKernel(kernel);
  listenForDownloadConsent(doc);
  const cells = createCells(doc, t, kernel, compiledCells);
  const bar = new NotebookBar(doc, t, kernel);
  const runner = new CellRunner({ kernel, cells, bar, t, locale: doc.documentElement.lang || "en" });
  // Keys typed in a cell's editor, and its edits.
  for (const cell of cells) {
    cell.callbacks = {
      run: (c) => void runner.runWithPrerequisites(c),
      runNext: (c) => runAndGoToNext(runner, cells, c),
      edited: () => runner.prepareCompiler(),
    };
  }
  const handle = pageEventHandler(runner, cells);
  for (const type of ["click", "focusin", "keydown"]) doc.addEventListener(type, handle);
  addEventListener("pagehide", () => cells.forEach((cell) => cell.save()));

  kernel.warm();
  // Edits saved from an earlier visit will need the compiler.
  if (cells.some((cell) => cell.edited)) runner.prepareCompiler();
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
