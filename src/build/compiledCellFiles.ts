/**
 * Astro integration for the files a page fetches only once the reader
 * shows intent: the lessons' compiled cells (notebook/compiledCellData.ts)
 * in `_astro/cells/`, and in `_astro/data/` the JSON the notebook and the
 * model settings read (their strings in the page's language, the lesson's
 * models, the browser catalogue). Pages register the files they refer to
 * while they are rendered; at the end of the build they are written out
 * (hashed names, so the server and hosts may cache them for good), and the
 * dev server serves them from memory.
 *
 * Pages are rendered in the same process as the integration, but from
 * their own copy of the modules: the files meet in one map on `globalThis`.
 *
 * @example
 * integrations: [mdx(), compiledCellFiles()]
 * // in a page: registerCompiledCells(file)
 * // in a component: const href = withBase(registerDataFile("models.fr", json))
 */
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import type { AstroIntegration } from "astro";

const REGISTRY = Symbol.for("carnet.compiledCellFiles");

/** Files by their path below the site's base. */
type Registry = Map<string, string>;

/** Where the site serves compiled-cells files, below its base: beside Astro's other hashed files. */
export const COMPILED_CELLS_DIR = "_astro/cells/";
/** Where the site serves the notebook's and the model settings' data files, below its base. */
const DATA_DIR = "_astro/data/";
const SERVED = /\/(_astro\/(?:cells|data)\/[A-Za-z0-9.-]+\.[0-9a-f]{16}\.json)$/;

function registry(): Registry {
  const holder = globalThis as { [REGISTRY]?: Registry };
  return (holder[REGISTRY] ??= new Map());
}

/** Keeps a page's compiled-cells file for the end of the build (or the dev server). */
export function registerCompiledCells(file: { name: string; json: string }): void {
  registry().set(`${COMPILED_CELLS_DIR}${file.name}`, file.json);
}

/**
 * Keeps a data file named `<stem>.<16 hex of its content's sha256>.json`
 * (pages with the same data share one file) and returns its path from the
 * site's root, without the base: `/_astro/data/<name>`.
 */
export function registerDataFile(stem: string, json: string): string {
  const path = `${DATA_DIR}${stem}.${createHash("sha256").update(json).digest("hex").slice(0, 16)}.json`;
  registry().set(path, json);
  return `/${path}`;
}

export function compiledCellFiles(): AstroIntegration {
  return {
    name: "carnet:compiled-cell-files",
    hooks: {
      "astro:server:setup": ({ server }) => {
        server.middlewares.use((request, response, next) => {
          const match = SERVED.exec(request.url?.split("?")[0] ?? "");
          const json = match ? registry().get(match[1]!) : undefined;
          if (json === undefined) return next();
          response.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": "no-cache" });
          response.end(json);
        });
      },
      "astro:build:done": async ({ dir }) => {
        const files = registry();
        if (files.size === 0) return;
        for (const folder of [COMPILED_CELLS_DIR, DATA_DIR]) await mkdir(new URL(folder, dir), { recursive: true });
        for (const [path, json] of files) await writeFile(new URL(path, dir), json);
        files.clear();
      },
    },
  };
}
