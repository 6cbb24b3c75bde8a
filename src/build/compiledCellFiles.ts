/**
 * Astro integration for the lessons' compiled-cells files
 * (notebook/compiledCellData.ts): each lesson page registers the file it
 * refers to while it is rendered; at the end of the build they are written
 * to `_astro/cells/` (hashed names, so the server and hosts may cache them
 * for good), and the dev server serves them from memory.
 *
 * Pages are rendered in the same process as the integration, but from
 * their own copy of the modules: the files meet in one map on `globalThis`.
 *
 * @example
 * integrations: [mdx(), compiledCellFiles()]
 * // in a page: registerCompiledCells(file)
 */
import { mkdir, writeFile } from "node:fs/promises";
import type { AstroIntegration } from "astro";

const REGISTRY = Symbol.for("carnet.compiledCellFiles");

type Registry = Map<string, string>;

/** Where the site serves compiled-cells files, below its base: beside Astro's other hashed files. */
export const COMPILED_CELLS_DIR = "_astro/cells/";

function registry(): Registry {
  const holder = globalThis as { [REGISTRY]?: Registry };
  return (holder[REGISTRY] ??= new Map());
}

/** Keeps a page's compiled-cells file for the end of the build (or the dev server). */
export function registerCompiledCells(file: { name: string; json: string }): void {
  registry().set(file.name, file.json);
}

export function compiledCellFiles(): AstroIntegration {
  return {
    name: "carnet:compiled-cell-files",
    hooks: {
      "astro:server:setup": ({ server }) => {
        server.middlewares.use((request, response, next) => {
          const match = /\/_astro\/cells\/([a-z0-9-]+\.[0-9a-f]{16}\.json)$/.exec(request.url?.split("?")[0] ?? "");
          const json = match ? registry().get(match[1]!) : undefined;
          if (json === undefined) return next();
          response.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": "no-cache" });
          response.end(json);
        });
      },
      "astro:build:done": async ({ dir }) => {
        const files = registry();
        if (files.size === 0) return;
        const folder = new URL(COMPILED_CELLS_DIR, dir);
        await mkdir(folder, { recursive: true });
        for (const [name, json] of files) await writeFile(new URL(name, folder), json);
        files.clear();
      },
    },
  };
}
