/**
 * The site's search index, written after the build (`npm run build` calls it
 * once Astro's process has ended): Pagefind reads the built pages and writes
 * `<site>/pagefind/`, one index per language (from each page's
 * `<html lang>`), static files any host serves. Only lesson text is indexed
 * (the `data-pagefind-body` article); the selectors below keep buttons,
 * notices and recorded-output labels out.
 *
 * @example
 * await writeSearchIndex("dist"); // "pages per language: ar 2, de 2, en 2, …"
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pagefind from "pagefind";

/** Page parts that are interface, not lesson text. */
const excludedFromSearch = [".cell-bar", ".notebook-bar", ".cell-output", ".lesson-kicker", "[data-notice]", ".toc-disclosure"];

/** Indexes the built site in `site`; returns the pages indexed per language, for the build's log. */
export async function writeSearchIndex(site: string): Promise<string> {
  const output = join(site, "pagefind");
  try {
    const { index, errors } = await pagefind.createIndex({ excludeSelectors: excludedFromSearch });
    if (!index) throw new Error(errors.join("; "));
    const added = await index.addDirectory({ path: site });
    if (added.errors.length > 0) throw new Error(added.errors.join("; "));
    const written = await index.writeFiles({ outputPath: output });
    if (written.errors.length > 0) throw new Error(written.errors.join("; "));
    const entry = JSON.parse(readFileSync(join(output, "pagefind-entry.json"), "utf8")) as { languages: Record<string, { page_count: number }> };
    return `pages per language: ${Object.entries(entry.languages).map(([lang, l]) => `${lang} ${l.page_count}`).join(", ")}`;
  } catch (error) {
    throw new Error(`Building the search index failed: ${(error as Error).message}. Check that the npm package pagefind installed (npm ci).`);
  } finally {
    await pagefind.close();
  }
}
