/**
 * Site benchmarks (`npm run bench -- site`):
 * - page weight: all JS a lesson page loads before any interaction, idle
 *   loads included, gzip-compressed, measured in Chromium;
 * - search: each language's index on disk (Pagefind's metadata, index
 *   chunks and stemmer), what a reader downloads for a first query, and
 *   query times in Chromium (first query: code, stemmer and index load;
 *   later queries), from the built site on a plain static host;
 * - Lighthouse scores of a lesson page in en and ar (Lighthouse 13.5.0,
 *   fetched with npx on first use, driving the same Chromium as the tests);
 * - build scale: a synthetic course of 100 lessons × every locale, built
 *   with the project's own config: wall time and peak memory.
 * Set BENCH_LESSONS to change the synthetic course's size, and SITE_BENCH
 * to run some parts only (e.g. SITE_BENCH=weight,search; parts: weight,
 * search, lighthouse, scale).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { measureProcess } from "./lib/measureProcess.ts";
import { startStaticPreview } from "./lib/preview.ts";
import { writeSyntheticCourse } from "./lib/syntheticCourse.ts";
import { chromiumLaunchOptions } from "../src/cli/chromium.ts";
import { startStaticHost } from "../tests/support/staticHost.ts";

const root = resolve(import.meta.dirname, "..");
const results: Record<string, unknown> = {};
const parts = new Set((process.env.SITE_BENCH ?? "weight,search,lighthouse,scale").split(","));

async function pageWeight(path: string): Promise<{ totalGzip: number; files: { url: string; gzip: number }[] }> {
  const preview = await startStaticPreview();
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    const files: { url: string; gzip: number }[] = [];
    page.on("response", async (response) => {
      if (response.request().resourceType() !== "script") return;
      const body = await response.body().catch(() => Buffer.alloc(0));
      files.push({ url: new URL(response.url()).pathname, gzip: gzipSync(body, { level: 9 }).length });
    });
    await page.goto(`${preview.url}${path}`, { waitUntil: "networkidle" });
    // Idle-time loads: give the page an idle period and wait for the network to settle again.
    await page.evaluate(() => new Promise((done) => requestIdleCallback(() => done(null), { timeout: 2000 })));
    await page.waitForLoadState("networkidle");
    // Inline JavaScript only: JSON data blocks (type="application/json") are not code.
    const inline = await page.$$eval("script:not([src])", (scripts) =>
      (scripts as HTMLScriptElement[]).filter((s) => !s.type || s.type === "module" || s.type === "text/javascript").map((s) => s.textContent ?? ""),
    );
    for (const code of inline) files.push({ url: "(inline)", gzip: gzipSync(code, { level: 9 }).length });
    return { totalGzip: files.reduce((sum, f) => sum + f.gzip, 0), files };
  } finally {
    await browser.close();
    await preview.stop();
  }
}

/** A first and a later query word per language, each found in that language's lessons. */
const searchWords: Record<string, [string, string]> = {
  en: ["model", "cell"], fr: ["modèle", "cellule"], es: ["modelo", "celda"], de: ["Modell", "Zelle"],
  "pt-BR": ["modelo", "célula"], ja: ["モデル", "セル"], "zh-CN": ["模型", "单元格"], ar: ["نموذج", "خلية"],
};

interface SearchNumbers { indexKiB: number; firstQueryDownloadKiB: number; firstQueryMs: number; laterQueryMs: number; results: number }

async function searchBench(): Promise<Record<string, SearchNumbers>> {
  const dist = join(root, "dist");
  const bundle = join(dist, "pagefind");
  const entry = JSON.parse(readFileSync(join(bundle, "pagefind-entry.json"), "utf8")) as { languages: Record<string, { hash: string; wasm: string | null }> };
  const size = (file: string) => statSync(join(bundle, file)).size;
  const host = await startStaticHost(dist, "/");
  const browser = await chromium.launch(chromiumLaunchOptions());
  const out: Record<string, SearchNumbers> = {};
  try {
    for (const [locale, [first, later]] of Object.entries(searchWords)) {
      const key = locale.toLowerCase();
      const language = entry.languages[key];
      if (!language) throw new Error(`no search index for ${locale} in dist/pagefind`);
      const onDisk =
        size(`pagefind.${language.hash}.pf_meta`) +
        readdirSync(join(bundle, "index")).filter((f) => f.startsWith(`${key}_`)).reduce((sum, f) => sum + size(`index/${f}`), 0) +
        size(`wasm.${language.wasm ?? "unknown"}.pagefind`);
      const page = await browser.newPage();
      let downloaded = 0;
      page.on("response", async (r) => {
        if (new URL(r.url()).pathname.startsWith("/pagefind/")) downloaded += (await r.body().catch(() => Buffer.alloc(0))).length;
      });
      await page.goto(`${host.url}/${locale}/`, { waitUntil: "networkidle" });
      const timing = await page.evaluate(async ([a, b]) => {
        const started = performance.now();
        const bundle = "/pagefind/pagefind.js"; // served by the site, not a module of this project
        const pagefind = await import(bundle);
        await pagefind.options({ baseUrl: "/" });
        const firstSearch = await pagefind.search(a);
        await Promise.all(firstSearch.results.slice(0, 5).map((r: { data(): Promise<unknown> }) => r.data()));
        const firstMs = performance.now() - started;
        const laterMs: number[] = [];
        for (let i = 0; i < 5; i++) {
          const t = performance.now();
          const again = await pagefind.search(i % 2 ? a : b);
          await Promise.all(again.results.slice(0, 5).map((r: { data(): Promise<unknown> }) => r.data()));
          laterMs.push(performance.now() - t);
        }
        laterMs.sort((x, y) => x - y);
        return { firstMs, laterMs: laterMs[2]!, results: firstSearch.results.length };
      }, [first, later]);
      await page.waitForLoadState("networkidle");
      out[locale] = {
        indexKiB: Number((onDisk / 1024).toFixed(1)),
        firstQueryDownloadKiB: Number((downloaded / 1024).toFixed(1)),
        firstQueryMs: Math.round(timing.firstMs),
        laterQueryMs: Number(timing.laterMs.toFixed(1)),
        results: timing.results,
      };
      await page.close();
    }
  } finally {
    await browser.close();
    await host.stop();
  }
  return out;
}

/**
 * Lighthouse's category scores (0–100) for a page, or the reason it could
 * not run. Spawned asynchronously: the site's server runs in this process.
 */
async function lighthouse(url: string): Promise<Record<string, number> | string> {
  const out = join(tmpdir(), `carnet-lighthouse-${process.pid}.json`);
  const { executablePath, args = [] } = chromiumLaunchOptions();
  const run = await measureProcess(
    "npx",
    ["--yes", "lighthouse@13.5.0", url, "--quiet", "--output=json", `--output-path=${out}`, `--chrome-flags=--headless=new ${args.join(" ")}`],
    { env: { ...process.env, CHROME_PATH: executablePath ?? "" } },
  );
  if (run.code !== 0) return `lighthouse did not run: ${run.output.split("\n").slice(-3).join(" ")}`;
  const report = JSON.parse(readFileSync(out, "utf8")) as { categories: Record<string, { score: number }> };
  rmSync(out, { force: true });
  return Object.fromEntries(Object.entries(report.categories).map(([name, c]) => [name, Math.round(c.score * 100)]));
}

async function buildScale(lessons: number): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), "carnet-scale-"));
  try {
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
    for (const name of ["src", "locales", "public", "astro.config.mjs", "tsconfig.json"]) {
      cpSync(join(root, name), join(dir, name), { recursive: true });
    }
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "carnet-scale", private: true, type: "module" }));
    const { files, words } = writeSyntheticCourse(join(dir, "content", "lessons"), lessons);
    const run = await measureProcess(process.execPath, [join(dir, "src/cli/build.ts")], { cwd: dir });
    if (run.code !== 0) throw new Error(`synthetic build failed:\n${run.output.slice(-3000)}`);
    const pages = Number(/(\d+) page\(s\) built/.exec(run.output)?.[1] ?? 0);
    return { lessonFiles: files, wordsPerLesson: words, pages, seconds: Number(run.seconds.toFixed(1)), peakMiB: Math.round(run.peakMiB) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const path of parts.has("weight") ? ["/en/lessons/open-source-models/", "/ar/lessons/open-source-models/"] : []) {
  const weight = await pageWeight(path);
  results[`pageWeight ${path}`] = weight;
  console.log(`page weight ${path}: ${(weight.totalGzip / 1024).toFixed(1)} KB of JS (gzip), target ≤ 10 KB`);
  for (const f of weight.files) console.log(`  ${f.url}  ${f.gzip} B`);
}

if (parts.has("search")) {
  const search = await searchBench();
  results.search = search;
  for (const [locale, s] of Object.entries(search)) {
    console.log(`search ${locale}: index ${s.indexKiB} KiB on disk, first query downloads ${s.firstQueryDownloadKiB} KiB, first query ${s.firstQueryMs} ms, later queries ${s.laterQueryMs} ms (median), ${s.results} results`);
  }
}

if (parts.has("lighthouse")) {
  const preview = await startStaticPreview();
  try {
    for (const path of ["/en/lessons/open-source-models/", "/ar/lessons/open-source-models/"]) {
      const scores = await lighthouse(`${preview.url}${path}`);
      results[`lighthouse ${path}`] = scores;
      console.log(`lighthouse ${path}: ${typeof scores === "string" ? scores : Object.entries(scores).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    }
  } finally {
    await preview.stop();
  }
}

if (parts.has("scale")) {
  const lessons = Number(process.env.BENCH_LESSONS ?? 100);
  const scale = await buildScale(lessons);
  results.buildScale = scale;
  console.log(`build scale: ${scale.pages} pages (${scale.lessonFiles} lesson files, ~${scale.wordsPerLesson} words each) in ${scale.seconds} s, peak ${scale.peakMiB} MiB (targets ≤ 36 s, ≤ 2048 MiB)`);
}

writeFileSync(join(root, "bench/out/site.json"), JSON.stringify(results, null, 2));
