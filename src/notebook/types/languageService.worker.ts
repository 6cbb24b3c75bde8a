/**
 * The language service's Web Worker, started by the page on the reader's
 * first edit. It loads TypeScript's messages in the page's language when
 * TypeScript ships them, then answers `update` (with every cell's
 * diagnostics), `hover` and `complete`. Updates that arrive while it is
 * busy are merged: only the newest code is checked.
 *
 * TypeScript itself is fetched as the file its package ships
 * (`typescript.js`, which defines a global `ts`) and evaluated here, rather
 * than bundled into this worker: bundling means parsing and minifying its
 * 9 MB in the site's build, which cost the build about 150 MB of memory.
 * `npm run build` minifies that file once Astro's process has ended
 * (build/minifyTypeScript.ts).
 */
import typescriptUrl from "typescript/lib/typescript.js?url";
import type TypeScript from "typescript";
import { createNotebookService, type NotebookService } from "./notebookService.ts";
import { declarationFiles, diagnosticMessagesUrl } from "./declarationFiles.ts";
import type { FromTypes, ToTypes } from "./protocol.ts";

interface WorkerScope {
  postMessage(message: FromTypes): void;
  addEventListener(type: "message", listener: (event: MessageEvent<ToTypes>) => void): void;
}
declare const self: WorkerScope;

/** TypeScript, from its own file: the script declares `var ts` and fills it. */
async function loadTypeScript(): Promise<typeof TypeScript> {
  const response = await fetch(typescriptUrl);
  if (!response.ok) throw new Error(`TypeScript could not be loaded (${response.status})`);
  return new Function(`${await response.text()}\nreturn ts;`)() as typeof TypeScript;
}

let service: Promise<NotebookService> | undefined;
/** The newest code sent, whether the service has it, and whether its diagnostics went out. */
let latest: Extract<ToTypes, { type: "update" }> | undefined;
let applied = true;
let diagnosed = true;
let scheduled = false;

async function start(locale: string, data: Record<string, string>): Promise<NotebookService> {
  const ts = await loadTypeScript();
  /** Not in TypeScript's published types, but part of its API since 2.x: replaces the English message table. */
  const localize = (ts as unknown as { setLocalizedDiagnosticMessages(messages: Record<string, string>): void }).setLocalizedDiagnosticMessages;
  const url = diagnosticMessagesUrl(locale);
  // TypeScript speaks English by itself.
  let localized = /^en\b/i.test(locale);
  if (url) {
    try {
      const response = await fetch(url);
      if (response.ok) {
        localize((await response.json()) as Record<string, string>);
        localized = true;
      }
    } catch {
      // Messages stay in English; the page says so.
    }
  }
  const created = createNotebookService(ts, declarationFiles(), data);
  self.postMessage({ type: "ready", localized });
  return created;
}

function reply(request: number, answer: () => FromTypes): void {
  try {
    self.postMessage(answer());
  } catch (error) {
    self.postMessage({ type: "failed", request, message: error instanceof Error ? error.message : String(error) });
  }
}

/** Gives the service the newest code (hover and completion need the code the reader sees). */
function applyLatest(notebook: NotebookService): void {
  if (applied || !latest) return;
  notebook.update(latest.cells);
  applied = true;
}

self.addEventListener("message", (event) => {
  const message = event.data;
  if (message.type === "init") {
    if (!service) {
      service = start(message.locale, message.data);
      // No TypeScript, no checks: the page stops asking and the cells say so.
      service.catch((error: unknown) => self.postMessage({ type: "failed", request: -1, message: error instanceof Error ? error.message : String(error) }));
    }
    return;
  }
  if (!service) return;
  void service.then((notebook) => {
    switch (message.type) {
      case "update":
        latest = message;
        applied = false;
        diagnosed = false;
        if (scheduled) return;
        scheduled = true;
        // Updates that arrived meanwhile are handled first: only the newest is checked.
        setTimeout(() => {
          scheduled = false;
          applyLatest(notebook);
          if (diagnosed || !latest) return;
          diagnosed = true;
          const { request } = latest;
          reply(request, () => ({ type: "diagnostics", request, cells: notebook.diagnostics() }));
        }, 0);
        return;
      case "hover":
        applyLatest(notebook);
        reply(message.request, () => ({ type: "hover", request: message.request, hover: notebook.hover(message.cell, message.offset) }));
        return;
      case "complete":
        applyLatest(notebook);
        reply(message.request, () => ({ type: "complete", request: message.request, completions: notebook.completions(message.cell, message.offset) }));
        return;
    }
  });
});
