/**
 * Astro integration that builds the site's search index after `astro build`:
 * Pagefind reads the built pages and writes `dist/pagefind/`, one index per
 * language (from each page's `<html lang>`), static files any host serves.
 * Only lesson text is indexed (the `data-pagefind-body` article); the
 * selectors below keep buttons, notices and recorded-output labels out.
 *
 * @example
 * // astro.config.mjs
 * integrations: [mdx(), searchIndex()]
 */
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AstroIntegration } from "astro";
import * as pagefind from "pagefind";

/** Page parts that are interface, not lesson text. */
export const excludedFromSearch = [".cell-bar", ".notebook-bar", ".cell-output", ".lesson-kicker", "[data-notice]", ".toc-disclosure"];

export function searchIndex(): AstroIntegration {
  return {
    name: "carnet:search-index",
    hooks: {
      "astro:build:done": async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const output = join(site, "pagefind");
        const started = performance.now();
        try {
          const { index, errors } = await pagefind.createIndex({ excludeSelectors: excludedFromSearch });
          if (!index) throw new Error(errors.join("; "));
          const added = await index.addDirectory({ path: site });
          if (added.errors.length > 0) throw new Error(added.errors.join("; "));
          const written = await index.writeFiles({ outputPath: output });
          if (written.errors.length > 0) throw new Error(written.errors.join("; "));
          const entry = JSON.parse(readFileSync(join(output, "pagefind-entry.json"), "utf8")) as { languages: Record<string, { page_count: number }> };
          const counts = Object.entries(entry.languages).map(([lang, l]) => `${lang} ${l.page_count}`).join(", ");
          logger.info(`search index: pages per language: ${counts} (${Math.round(performance.now() - started)} ms)`);
        } catch (error) {
          throw new Error(`Building the search index failed: ${(error as Error).message}. Check that the npm package pagefind installed (npm ci).`);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
