/**
 * The kernel's Web Worker: waits for the page's `init` message and its
 * `MessagePort`, then serves `run`, `env`, `expand`, `prepare` and `analyze`
 * over that port with one `Kernel`. It holds the kernel's runtime only: the
 * compiler is a script of its own (`compiler.ts`), loaded when a cell comes
 * without its build-compiled form. Worker globals a cell could use to break the protocol
 * (`postMessage`, `close`, `importScripts`) are replaced by functions that
 * explain they are not available; errors from timers and unawaited promises
 * are reported to the cell they came from.
 *
 * Model requests: cells get `@huggingface/inference` routed to the reader's
 * backend (models/kernel/routedInference.ts), whose reports join the cell's
 * output. Everything posted to the page is masked (models/kernel/kernelSetup.ts),
 * so the reader's token or key, or anything shaped like a token, never
 * reaches an output.
 */
import { Kernel } from "./kernel.ts";
import { maskedPost, routeModelsFor } from "../models/kernel/kernelSetup.ts";
import { EnginePort } from "../models/shared/backends/browser.ts";
import { createModuleLoader, fetchDataFiles } from "./modules.ts";
import type { FromKernel, InitMessage, ToKernel } from "../protocol.ts";
import huggingFaceUrl from "./modules/huggingFaceInference.ts?worker&url";
import compilerUrl from "./compiler.ts?worker&url";
import type { compileSource } from "./compileSource.ts";

/** The parts of the worker's global scope used here (the project's types are the DOM's, not the worker's). */
interface WorkerScope {
  __carnetModules?: Record<string, unknown>;
  location: { origin: string };
  fetch: typeof fetch;
  postMessage: unknown;
  close: unknown;
  addEventListener(type: "message", listener: (event: MessageEvent<InitMessage>) => void, options?: { once: boolean }): void;
  addEventListener(type: "error", listener: (event: ErrorEvent) => void): void;
  addEventListener(type: "unhandledrejection", listener: (event: PromiseRejectionEvent) => void): void;
}
declare const self: WorkerScope;

/** Loads a module bundled as its own script, which leaves its exports in `self.__carnetModules`. */
function bundled(specifier: string, url: string) {
  return async () => {
    await import(/* @vite-ignore */ url);
    const module = self.__carnetModules?.[specifier];
    if (!module) throw new Error(`Module ${specifier} failed to load`);
    return module;
  };
}

/** What cells get instead of a worker API the kernel keeps for itself; `key` names the hint in the notebook's strings. */
function unavailable(name: string, hint: string, key: string) {
  return () => {
    throw Object.assign(new Error(`${name} is not available in cells: ${hint}`), { note: { key, values: { name } } });
  };
}

self.addEventListener(
  "message",
  (event: MessageEvent<InitMessage>) => {
    if (event.data?.type !== "init") return;
    const port = event.data.port;
    const env: Record<string, string> = { ...event.data.env };
    const post = maskedPost((message: FromKernel) => port.postMessage(message), env);
    const engine = new EnginePort(post);
    const kernel = new Kernel({
      post,
      loadModule: createModuleLoader(
        { "@huggingface/inference": bundled("@huggingface/inference", huggingFaceUrl) },
        env,
        event.data.dataBase ? fetchDataFiles(event.data.dataBase, self.fetch.bind(self), event.data.dataFiles ?? {}) : undefined,
      ),
      env,
      compiler: async () => ((await bundled("carnet:compiler", compilerUrl)()) as { compileSource: typeof compileSource }).compileSource,
    });
    routeModelsFor(kernel, { pageOrigin: self.location.origin, ...(event.data.site ? { site: event.data.site } : {}), fetch: self.fetch.bind(self), engine });
    self.postMessage = unavailable("postMessage", "the kernel owns this worker's messages; use console.log or display()", "noPostMessage");
    self.close = unavailable("close()", "use Stop or Restart to end the kernel", "noClose");
    (self as unknown as { importScripts: unknown }).importScripts = unavailable("importScripts", "use import", "noImportScripts");
    self.addEventListener("error", (e) => {
      e.preventDefault();
      kernel.reportUncaught(e.error ?? e.message, "runtime");
    });
    self.addEventListener("unhandledrejection", (e) => {
      e.preventDefault();
      kernel.reportUncaught(e.reason, "unhandled");
    });
    port.onmessage = (e: MessageEvent<ToKernel>) => {
      const message = e.data;
      switch (message.type) {
        case "run":
          void kernel.run(message.run, message.cell, message.code, message.compiled);
          break;
        case "prepare":
          kernel.prepare();
          break;
        case "analyze":
          void kernel.analyze(message.request, message.code);
          break;
        case "env":
          kernel.setEnv(message.env);
          break;
        case "expand":
          kernel.expand(message.request, message.ref, message.from);
          break;
        case "engine":
          engine.receive(message);
          break;
      }
    };
    port.postMessage({ type: "ready" } satisfies FromKernel);
  },
  { once: true },
);
