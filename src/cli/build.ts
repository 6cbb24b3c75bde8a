/**
 * `npm run build`: builds the site with Astro, then minifies TypeScript's
 * file for the language service (build/minifyTypeScript.ts), writes the
 * search index (Pagefind) and the `.br`/`.gz` copies the server sends. The second part
 * runs here once Astro's process has ended, so the memory the build holds
 * at its end and Pagefind's never add up (on a 100-lesson × 8-language
 * course: 1.7 GB and 0.3 GB). The pages are compressed while Pagefind
 * indexes them; its own files once it is done.
 *
 * @example
 * npm run build
 * SITE_BASE=/course/ npm run build -- --out-dir /tmp/site
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { writeSearchIndex } from "../search/searchIndex.ts";
import { precompressSite } from "../server/precompress.ts";
import { minifyTypeScript } from "../build/minifyTypeScript.ts";
import { defineCommand, parseCommandLine } from "./commandLine.ts";

const { values } = parseCommandLine(
  defineCommand({
    name: "build",
    summary:
      "Builds the site into a folder of static files: every page in every language, then the search index and the compressed copies npm start sends. " +
      "SITE_BASE sets the path the site is published under, SITE_URL its address.",
    options: { "out-dir": { type: "string", value: "<dir>", default: "dist", description: "the folder the site is written to" } },
    examples: [
      { run: "", says: "build into dist/ (npm start serves it)" },
      { run: "--out-dir /tmp/site", says: "build elsewhere, e.g. to publish under SITE_BASE=/course/" },
    ],
    exitCodes: { 1: "the build failed (Astro's output above says where)" },
  }),
);

const outDir = resolve(String(values["out-dir"]));
const astro = join(dirname(createRequire(import.meta.url).resolve("astro/package.json")), "bin", "astro.mjs");
/**
 * Rolldown, Vite's bundler, allocates with mimalloc, which keeps the memory it
 * frees for later: on a 100-lesson × 8-language course, some 400 MB stay held
 * while Astro renders the pages. These settings have mimalloc hand freed
 * memory back at once, for about 5% more build time. Values set in the
 * environment win.
 */
const allocator = { MIMALLOC_PURGE_DELAY: "0", MIMALLOC_ARENA_EAGER_COMMIT: "0" };
const built = spawnSync(process.execPath, [astro, "build", "--outDir", outDir], { stdio: "inherit", env: { ...allocator, ...process.env } });
if (built.status !== 0) process.exit(1);

const time = () => new Date().toLocaleTimeString("en-GB");
const started = performance.now();
// Before compressing: the compressed copies are of the minified file.
const typescript = await minifyTypeScript(outDir);
if (typescript) console.log(`${time()} ${typescript.file}: minified, ${typescript.before} → ${typescript.after} bytes`);
const [pages, site] = await Promise.all([writeSearchIndex(outDir), precompressSite(outDir, ["pagefind"])]);
console.log(`${time()} search index: ${pages}`);
const index = await precompressSite(outDir);
console.log(`${time()} compressed ${site.files + index.files} files once for the server (${site.bytes + index.bytes} bytes → ${site.compressedBytes + index.compressedBytes} with brotli; with the index, ${Math.round(performance.now() - started)} ms)`);
