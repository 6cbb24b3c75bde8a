/**
 * The only notebook code a lesson page loads up front. It shows a reader's
 * saved edits in place of the lesson's code (as plain text), and on the
 * first sign of intent — the pointer over a cell or the notebook bar, or
 * focus, a click or a key press in one — it starts the kernel worker (its
 * small runtime), fetches the lesson's cells as the build compiled them,
 * the notebook's strings and the model data (all in the page's language),
 * the lesson's data files its cells import (named by the page's
 * `data-cell-data`, so the first run need not fetch them after the kernel
 * has started), and loads the notebook, then hands it the events that
 * happened while it loaded. A reader who never points at or focuses a cell loads none of
 * them; one who only hovers loads the notebook chunk, the worker's runtime,
 * the compiled cells and the two data files, no compiler and no editor
 * (those come on the first edit).
 *
 * A reader who has run a cell on this site before gets the same start
 * without waiting for intent: once the page is idle with a cell in view,
 * so that their first Run answers at once. A reader who never ran one
 * never pays for it.
 */
import { startKernelWorker } from "../notebook/page/startKernelWorker.ts";
import { fetchCompiledCells } from "../notebook/page/compiledCells.ts";
import { fetchJsonObject } from "../notebook/page/fetchJsonObject.ts";

const EDIT_PREFIX = "carnet:cell:";
/** Set on this reader's first Run (or Run all, or Ctrl/Cmd+Enter) on the site. */
const RAN_KEY = "carnet:notebook:ran";

function ranBefore(): boolean {
  try {
    return localStorage.getItem(RAN_KEY) === "1";
  } catch {
    return false;
  }
}

/** Remembers the reader's first run of a cell, for their next pages. */
function rememberFirstRun(): void {
  const types = ["click", "keydown"] as const;
  const listener = (event: Event) => {
    const target = event.target instanceof Element ? event.target : null;
    const key = event as KeyboardEvent;
    const ran =
      event.type === "click"
        ? target?.closest("figure.cell [data-action=run], [data-notebook-bar] [data-action=run-all]")
        : key.key === "Enter" && (key.ctrlKey || key.metaKey) && target?.closest("figure.cell");
    if (!ran) return;
    try {
      localStorage.setItem(RAN_KEY, "1");
    } catch {
      // Storage refused: nothing to remember.
    }
    for (const type of types) document.removeEventListener(type, listener, true);
  };
  for (const type of types) document.addEventListener(type, listener, true);
}

/** Calls `start` once the page is idle with a cell in view. */
function whenIdleWithCellInView(start: () => void): void {
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    observer.disconnect();
    if ("requestIdleCallback" in window) requestIdleCallback(start, { timeout: 2000 });
    else setTimeout(start, 500);
  });
  for (const figure of document.querySelectorAll("figure.cell[data-cell]")) observer.observe(figure);
}

/** The data files named (space-separated specifiers), text by specifier; a file that does not come is left to the kernel. */
async function fetchCellData(names: string | undefined): Promise<Record<string, string>> {
  const files = await Promise.all(
    (names ?? "").split(" ").filter(Boolean).map(async (name) => {
      try {
        const response = await fetch(new URL(name, location.href));
        return response.ok ? [[name, await response.text()] as const] : [];
      } catch {
        return [];
      }
    }),
  );
  return Object.fromEntries(files.flat());
}

function showSavedEdits(lesson: string): void {
  for (const figure of document.querySelectorAll<HTMLElement>("figure.cell[data-cell]")) {
    let saved: string | null = null;
    try {
      saved = localStorage.getItem(`${EDIT_PREFIX}${lesson}:${figure.dataset.cell}`);
    } catch {
      return;
    }
    const source = figure.querySelector(".cell-source");
    const lessonCode = source?.querySelector("pre");
    if (saved === null || !source || !lessonCode || saved === lessonCode.textContent) continue;
    const pre = document.createElement("pre");
    pre.className = "cell-edited-code";
    pre.dataset.editedCode = "";
    pre.tabIndex = 0;
    pre.textContent = saved;
    lessonCode.hidden = true;
    source.prepend(pre);
    figure.toggleAttribute("data-edited", true);
  }
}

function setup(): void {
  const lesson = document.querySelector<HTMLElement>("[data-lesson]")?.dataset.lesson;
  if (!lesson || !document.querySelector("figure.cell[data-cell]")) return;
  showSavedEdits(lesson);
  const types = ["pointerover", "pointerdown", "focusin", "click", "keydown"] as const;
  const early: Event[] = [];
  let loading = false;
  const start = () => {
    if (loading) return;
    loading = true;
    // The kernel worker, the compiled cells, the data files and the notebook code load side by side.
    const worker = startKernelWorker();
    const href = (selector: string, key: string) => document.querySelector<HTMLElement>(selector)?.dataset[key];
    void Promise.all([
      import("../notebook/page/notebook.ts"),
      fetchCompiledCells(document),
      fetchJsonObject(href("[data-notebook-bar]", "strings")),
      fetchJsonObject(href("[data-model-data]", "modelData")),
      fetchCellData(href("[data-lesson]", "cellData")),
    ]).then(([{ startNotebook }, compiled, strings, models, dataFiles]) => {
      for (const type of types) document.removeEventListener(type, listener, true);
      const notebook = startNotebook(document, worker, compiled, { strings, models, dataFiles });
      for (const e of early.splice(0)) notebook.replay(e);
    });
  };
  const listener = (event: Event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target?.closest("figure.cell, [data-notebook-bar]")) return;
    if (event.type !== "pointerover") early.push(event);
    if (event.type === "keydown" && (event as KeyboardEvent).key === "Enter" && ((event as KeyboardEvent).ctrlKey || (event as KeyboardEvent).metaKey || (event as KeyboardEvent).shiftKey)) {
      event.preventDefault();
    }
    start();
  };
  for (const type of types) document.addEventListener(type, listener, true);
  if (ranBefore()) whenIdleWithCellInView(start);
  else rememberFirstRun();
}

setup();
