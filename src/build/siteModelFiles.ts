/**
 * Astro integration: the model files the site serves itself (catalogue
 * entries with a `site:` URL) are written into the build's `models/`
 * folder, and served by the dev server, so the browser engine works on a
 * static deploy, offline and in tests. Only the tiny demo model is served
 * this way: it is generated (byte-identical on every run), never kept in
 * git, and checked against the catalogue's size and sha256.
 *
 * @example
 * integrations: [mdx(), siteModelFiles()]
 */
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import type { AstroIntegration } from "astro";
import { buildTinyModel, tinyModelRecipe } from "../cli/tinyModel.ts";
import { browserCatalogue } from "../notebook/models/shared/browser/catalogue.ts";

/** The bytes of each `site:` file, by file name; throws when one cannot be made or differs from the catalogue. */
export function siteModelBytes(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const model of browserCatalogue().models.filter((m) => m.url.startsWith("site:"))) {
    const name = model.url.slice(5);
    if (name !== tinyModelRecipe.file) throw new Error(`browserModels.json: ${model.id}: the site can only serve ${tinyModelRecipe.file}, not ${name}`);
    const bytes = buildTinyModel();
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    if ((model.bytes !== undefined && model.bytes !== bytes.length) || (model.sha256 !== undefined && model.sha256 !== sha256)) {
      throw new Error(`browserModels.json: ${model.id}: the generated file has ${bytes.length} bytes and sha256 ${sha256}; update the catalogue`);
    }
    files.set(name, bytes);
  }
  return files;
}

export function siteModelFiles(): AstroIntegration {
  let files: Map<string, Buffer> | undefined;
  const bytes = () => (files ??= siteModelBytes());
  return {
    name: "carnet:site-model-files",
    hooks: {
      "astro:server:setup": ({ server }) => {
        server.middlewares.use((request, response, next) => {
          const match = /^\/models\/([\w.-]+\.gguf)$/.exec(request.url?.split("?")[0] ?? "");
          const file = match ? bytes().get(match[1]!) : undefined;
          if (!file) return next();
          response.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(file.length) });
          response.end(file);
        });
      },
      "astro:build:done": async ({ dir }) => {
        const folder = new URL("models/", dir);
        await mkdir(folder, { recursive: true });
        for (const [name, file] of bytes()) await writeFile(new URL(name, folder), file);
      },
    },
  };
}
