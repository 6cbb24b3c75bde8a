/**
 * The one way cells load modules: `import x from "m"` in a cell becomes
 * `await __import("m")`, which calls the loader made here. Only the modules
 * listed by the environment are available, each loaded the first time a
 * cell imports it; anything else gets a message naming what is available.
 *
 * Seam for choosing where model requests go: an adapter registered with
 * `adaptModule` receives each freshly loaded module together with the
 * kernel's `process.env` (filled from the page with `KernelClient.setEnv`),
 * and returns what cells get instead, for example an `@huggingface/inference`
 * whose `InferenceClient` defaults to the reader's backend. Adapters run in
 * the kernel worker; register them from `kernel.worker.ts`.
 *
 * A lesson's data files are modules too: `import prices from "./prices.json"`
 * or `"./data/levels.csv"` (with or without `with { type: "json" }`) gets
 * the file served beside the lesson page as its default export, through
 * `loadDataFile`: JSON parsed, CSV as rows (`src/course/csvRows.ts`).
 *
 * @example
 * const load = createModuleLoader({ "@huggingface/inference": () => import("@huggingface/inference") }, env);
 * const { InferenceClient } = await load("@huggingface/inference") as typeof import("@huggingface/inference");
 */
import type { KernelNote } from "../protocol.ts";
import { csvRows } from "../../course/csvRows.ts";

export type ModuleSource = () => Promise<unknown>;
export type ModuleLoader = (specifier: string) => Promise<unknown>;
export type ModuleAdapter = (module: unknown, env: Record<string, string>) => unknown;

const adapters = new Map<string, ModuleAdapter>();

/** Replaces what cells get for `specifier` (see the module comment). */
export function adaptModule(specifier: string, adapter: ModuleAdapter): void {
  adapters.set(specifier, adapter);
}

export class ModuleNotAvailableError extends Error {
  /** The message in the reader's language (see `KernelNote`). */
  readonly note: KernelNote;

  constructor(specifier: string, available: readonly string[]) {
    super(`Module ${specifier} is not available here; available: ${available.length > 0 ? available.join(", ") : "none"}`);
    this.name = "ModuleNotAvailableError";
    this.note = { key: available.length > 0 ? "moduleNotAvailable" : "moduleNotAvailableNone", values: { module: specifier, available: available.join(", ") } };
  }
}

/** `./name.json`, `./data/name.csv`: a data file in the lesson's folder or below it, never above (no `..`). */
export const DATA_FILE = /^\.\/(?:[\w-]+\/)*[\w-]+(?:\.[\w-]+)*\.(?:json|csv)$/;

/** Reads a lesson data file by its specifier; undefined when the lesson has no such file. */
export type DataFileLoader = (specifier: string) => Promise<unknown | undefined>;

/**
 * Fetches `./name.json` relative to the lesson page's URL (a CSV becomes its
 * rows); a file in `fetched` (its text, by specifier, as the page fetched it
 * already) is read from there instead.
 */
export function fetchDataFiles(base: string, fetcher: typeof fetch, fetched: Readonly<Record<string, string>> = {}): DataFileLoader {
  return async (specifier) => {
    const text = Object.hasOwn(fetched, specifier) ? fetched[specifier] : undefined;
    if (typeof text === "string") return specifier.endsWith(".csv") ? csvRows(text) : JSON.parse(text);
    const response = await fetcher(new URL(specifier, base));
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`${specifier}: HTTP ${response.status}`);
    return specifier.endsWith(".csv") ? csvRows(await response.text()) : response.json();
  };
}

export function createModuleLoader(sources: Record<string, ModuleSource>, env: Record<string, string>, loadDataFile?: DataFileLoader): ModuleLoader {
  const loaded = new Map<string, Promise<unknown>>();
  const names = Object.keys(sources).sort();
  return (specifier) => {
    let source = Object.hasOwn(sources, specifier) ? sources[specifier] : undefined;
    if (!source && loadDataFile && DATA_FILE.test(specifier)) {
      source = async () => {
        const data = await loadDataFile(specifier);
        if (data === undefined) throw new ModuleNotAvailableError(specifier, names);
        return { default: data };
      };
    }
    if (!source) return Promise.reject(new ModuleNotAvailableError(specifier, names));
    let module = loaded.get(specifier);
    if (!module) {
      module = source().then((m) => {
        const adapter = adapters.get(specifier);
        return adapter ? adapter(m, env) : m;
      });
      module.catch(() => loaded.delete(specifier));
      loaded.set(specifier, module);
    }
    return module;
  };
}
