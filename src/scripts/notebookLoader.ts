/**
 * The only notebook code a lesson page loads up front. It shows a reader's
 * saved edits in place of the lesson's code (as plain text), and on the
 * first sign of intent — the pointer over a cell or the notebook bar, or
 * focus, a click or a key press in one — it starts the kernel worker (its
 * small runtime: cells arrive compiled by the build) and loads the
 * notebook, then hands it the events that happened while it loaded. A
 * reader who never points at or focuses a cell loads neither; one who only
 * hovers loads the notebook chunk and the worker's runtime, no compiler and
 * no editor (those come on the first edit).
 */
import { startKernelWorker } from "../notebook/page/startKernelWorker.ts";

const EDIT_PREFIX = "carnet:cell:";

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
  const listener = (event: Event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target?.closest("figure.cell, [data-notebook-bar]")) return;
    if (event.type !== "pointerover") early.push(event);
    if (event.type === "keydown" && (event as KeyboardEvent).key === "Enter" && ((event as KeyboardEvent).ctrlKey || (event as KeyboardEvent).metaKey || (event as KeyboardEvent).shiftKey)) {
      event.preventDefault();
    }
    if (loading) return;
    loading = true;
    // The kernel worker and the notebook code load side by side.
    const worker = startKernelWorker();
    void import("../notebook/page/notebook.ts").then(({ startNotebook }) => {
      for (const type of types) document.removeEventListener(type, listener, true);
      const notebook = startNotebook(document, worker);
      for (const e of early.splice(0)) notebook.replay(e);
    });
  };
  for (const type of types) document.addEventListener(type, listener, true);
}

setup();
