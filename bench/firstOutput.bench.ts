/**
 * What a reader sees on a first visit (fresh browser profile, no cache), on
 * the built site (`npm run build` first), beside Observable Framework's
 * first output on the same lesson text built in the same run
 * (bench/observable/ and lib/observableLesson.ts: the lesson's prose and
 * code as listings, six small cells where its first cell stands; with the
 * `@observablehq/framework` devDependency). Both sites are served by the
 * same plain static server (lib/staticFiles.ts), as a static host would;
 * the model cell, which needs the site's model server, by `npm start`'s.
 * - navigation → first output, Run clicked the moment the page has loaded;
 * - click → first output at load and after the page was idle for 2 s with
 *   the cell in view, on the lesson's first cell and on a model cell (the
 *   site's tiny model);
 * - the same after idle for a returning reader (one who ran a cell on an
 *   earlier visit, so the page starts its kernel once idle);
 * - bytes (brotli) fetched before the first output of an unedited cell,
 *   the kernel runtime's and the compiler's sizes, page JS before any
 *   interaction (gzip), and that no compiler was fetched for unedited code.
 * Medians of BENCH_RUNS (default 7). Prints them and writes
 * bench/out/firstOutput.json.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { chromium, type Browser, type Page } from "@playwright/test";
import { chromiumLaunchOptions } from "../src/cli/chromium.ts";
import { startStaticPreview } from "./lib/preview.ts";
import { serveStatic } from "./lib/staticFiles.ts";
import { observableLessonPage } from "./lib/observableLesson.ts";

const root = resolve(import.meta.dirname, "..");
const dist = join(root, "dist");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const IDLE_MS = 2000;
const lesson = "/en/lessons/open-source-models/";
const OUTPUT = ".out-line, .out-table, .out-value, .out-image, .out-error, .model-line";

if (!existsSync(join(dist, "en/lessons/open-source-models/index.html"))) {
  console.error("No built site: run `npm run build` first.");
  process.exit(1);
}

const brotli = (data: Buffer) => brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (n: number) => Math.round(n);

function chunkBrotli(pattern: RegExp): number {
  const file = readdirSync(join(dist, "_astro")).find((f) => pattern.test(f));
  if (!file) throw new Error(`No chunk matching ${pattern} in dist/_astro`);
  return brotli(readFileSync(join(dist, "_astro", file)));
}

interface Visit {
  navToOutput: number;
  clickToOutput: number;
  /** Brotli bytes of every response before the first output. */
  bytes: number;
  urls: string[];
}

/**
 * A first visit: loads the page in a fresh context, waits (load, or load +
 * idle), clicks Run on `cellId`, times its first output. `returning`: the
 * reader first ran that cell on an earlier visit of the page, in the same
 * profile.
 */
async function visit(browser: Browser, base: string, cellId: string, idle: boolean, returning = false): Promise<Visit> {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (returning) {
    await page.goto(`${base}${lesson}`, { waitUntil: "load" });
    await clickAndTime(page, cellId);
  }
  const bodies: Promise<{ url: string; bytes: number }>[] = [];
  let counting = true;
  page.on("response", (response) => {
    if (!counting) return;
    bodies.push(response.body().then((body) => ({ url: new URL(response.url()).pathname, bytes: brotli(body) }), () => ({ url: response.url(), bytes: 0 })));
  });
  try {
    await page.goto(`${base}${lesson}`, { waitUntil: idle ? "networkidle" : "load" });
    if (idle) {
      // Idle with the cell in view, as a reader who scrolled to it and reads before pressing Run.
      await page.locator(`#cell-${cellId}`).scrollIntoViewIfNeeded();
      await page.waitForTimeout(IDLE_MS);
    }
    const result = await clickAndTime(page, cellId);
    counting = false;
    const fetched = await Promise.all(bodies);
    return { ...result, bytes: fetched.reduce((sum, f) => sum + f.bytes, 0), urls: fetched.map((f) => f.url) };
  } finally {
    await context.close();
  }
}

async function clickAndTime(page: Page, cellId: string): Promise<{ navToOutput: number; clickToOutput: number }> {
  await page.evaluate(
    ({ cellId, selector }) => {
      const w = window as unknown as { __firstOutput: Promise<{ at: number; clickedAt: number }> };
      w.__firstOutput = new Promise((done) => {
        let clickedAt = 0;
        const figure = document.getElementById(`cell-${cellId}`)!;
        figure.querySelector("[data-action=run]")!.addEventListener("click", (e) => (clickedAt = e.timeStamp), { once: true, capture: true });
        const output = figure.querySelector("[data-output]")!;
        new MutationObserver((_, observer) => {
          if (clickedAt && output.querySelector(selector)) {
            observer.disconnect();
            done({ at: performance.now(), clickedAt });
          }
        }).observe(output, { childList: true, subtree: true });
      });
    },
    { cellId, selector: OUTPUT },
  );
  await page.click(`#cell-${cellId} [data-action=run]`);
  const { at, clickedAt } = await page.evaluate(() => (window as unknown as { __firstOutput: Promise<{ at: number; clickedAt: number }> }).__firstOutput);
  return { navToOutput: at, clickToOutput: at - clickedAt };
}

/** The page's JS before any interaction (gzip), idle loads included. */
async function jsBeforeInteraction(browser: Browser, base: string): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const sizes: Promise<number>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "script") sizes.push(response.body().then((b) => gzipSync(b, { level: 9 }).length, () => 0));
  });
  await page.goto(`${base}${lesson}`, { waitUntil: "networkidle" });
  await page.waitForTimeout(IDLE_MS);
  const inline = await page.$$eval("script:not([src])", (scripts) =>
    (scripts as HTMLScriptElement[]).filter((s) => !s.type || s.type === "module" || s.type === "text/javascript").map((s) => s.textContent ?? ""),
  );
  const total = (await Promise.all(sizes)).reduce((a, b) => a + b, 0) + inline.reduce((sum, code) => sum + gzipSync(code, { level: 9 }).length, 0);
  await context.close();
  return total;
}

/** Builds bench/observable/ with Observable Framework in a temporary folder, its page made from the lesson's text; the reason when it cannot. */
function buildObservable(): { dir: string; dist: string } | string {
  const bin = join(root, "node_modules/@observablehq/framework/dist/bin/observable.js");
  if (!existsSync(bin)) return "@observablehq/framework is not installed (npm ci installs it as a devDependency)";
  const dir = mkdtempSync(join(tmpdir(), "carnet-observable-"));
  cpSync(join(root, "bench/observable"), dir, { recursive: true });
  const builtLesson = readFileSync(join(dist, "en/lessons/open-source-models/index.html"), "utf8");
  const page = observableLessonPage(readFileSync(join(root, "content/lessons/open-source-models/en.mdx"), "utf8"), {
    labels: JSON.parse(readFileSync(join(root, "locales/en.json"), "utf8")) as Record<string, unknown>,
    chartHtml: /<figure class="chart"[\s\S]*?<\/figure>/.exec(builtLesson)?.[0],
  });
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(join(dir, "src/index.md"), page);
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  const build = spawnSync(process.execPath, [bin, "build"], { cwd: dir, encoding: "utf8", timeout: 300_000 });
  if (build.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return `observable build failed: ${`${build.stdout}\n${build.stderr}`.trim().split("\n").slice(-3).join(" ")}`;
  }
  return { dir, dist: join(dir, "dist") };
}

/** Observable Framework: navigation → the first cell's output, in a fresh context. */
async function observableFirstOutput(browser: Browser, base: string): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __firstOutput: Promise<number> };
    w.__firstOutput = new Promise((done) => {
      new MutationObserver((_, observer) => {
        if ([...document.querySelectorAll(".observablehq")].some((el) => el.textContent?.includes("Hello, Ada!"))) {
          observer.disconnect();
          done(performance.now());
        }
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
  });
  try {
    await page.goto(`${base}/`, { waitUntil: "commit" });
    return await page.evaluate(() => (window as unknown as { __firstOutput: Promise<number> }).__firstOutput);
  } finally {
    await context.close();
  }
}

const preview = await startStaticPreview();
const site = await serveStatic(dist);
const browser = await chromium.launch(chromiumLaunchOptions());
const observable = buildObservable();
const observableServer = typeof observable === "string" ? undefined : await serveStatic(observable.dist);
if (typeof observable === "string") console.log(`Observable Framework comparison skipped: ${observable}`);

try {
  const runs = {
    firstCellAtLoad: [] as Visit[],
    firstCellAfterIdle: [] as Visit[],
    returningAfterIdle: [] as Visit[],
    firstCellAtLoadSiteServer: [] as Visit[],
    modelCellAtLoad: [] as Visit[],
    modelCellAfterIdle: [] as Visit[],
    observable: [] as number[],
  };
  for (let i = 0; i < RUNS; i++) {
    runs.firstCellAtLoad.push(await visit(browser, site.url, "openness-score", false));
    runs.firstCellAfterIdle.push(await visit(browser, site.url, "openness-score", true));
    runs.returningAfterIdle.push(await visit(browser, site.url, "openness-score", true, true));
    runs.firstCellAtLoadSiteServer.push(await visit(browser, preview.url, "openness-score", false));
    runs.modelCellAtLoad.push(await visit(browser, preview.url, "first-chat", false));
    runs.modelCellAfterIdle.push(await visit(browser, preview.url, "first-chat", true));
    if (observableServer) runs.observable.push(await observableFirstOutput(browser, observableServer.url));
  }
  const stat = (visits: Visit[]) => ({
    navToOutputMs: round(median(visits.map((v) => v.navToOutput))),
    clickToOutputMs: round(median(visits.map((v) => v.clickToOutput))),
    bytesBeforeOutputBrotli: round(median(visits.map((v) => v.bytes))),
  });
  const compilerFetched = runs.firstCellAtLoad.some((v) => v.urls.some((u) => /compiler-/.test(u)));
  const results = {
    date: new Date().toISOString(),
    page: lesson,
    runs: RUNS,
    firstCellAtLoad: stat(runs.firstCellAtLoad),
    firstCellAfterIdle: stat(runs.firstCellAfterIdle),
    returningReaderAfterIdle: stat(runs.returningAfterIdle),
    firstCellAtLoadOnSiteServer: stat(runs.firstCellAtLoadSiteServer),
    modelCellAtLoad: stat(runs.modelCellAtLoad),
    modelCellAfterIdle: stat(runs.modelCellAfterIdle),
    observableNavToOutputMs: runs.observable.length > 0 ? round(median(runs.observable)) : (observable as string),
    compilerFetchedForUneditedCell: compilerFetched,
    filesBeforeFirstOutput: runs.firstCellAtLoad[0]!.urls,
    kernelRuntimeBrotliBytes: chunkBrotli(/^kernel\.worker-.*\.js$/),
    compilerBrotliBytes: chunkBrotli(/^compiler-.*\.js$/),
    jsBeforeInteractionGzipBytes: await jsBeforeInteraction(browser, site.url),
  };
  const obs = typeof results.observableNavToOutputMs === "number" ? `${results.observableNavToOutputMs} ms` : `skipped (${results.observableNavToOutputMs})`;
  console.log(`medians of ${RUNS} first visits (fresh profile), ${lesson}`);
  console.log(`navigation → first output, Run at load, first cell: ${results.firstCellAtLoad.navToOutputMs} ms   Observable Framework, same lesson text, six cells at load: ${obs}   (both on a plain static server)`);
  console.log(`click → first output, first cell:  at load ${results.firstCellAtLoad.clickToOutputMs} ms (budget 150), after idle ${results.firstCellAfterIdle.clickToOutputMs} ms (budget 60), after idle for a returning reader ${results.returningReaderAfterIdle.clickToOutputMs} ms`);
  console.log(`on npm start's server: navigation → first output ${results.firstCellAtLoadOnSiteServer.navToOutputMs} ms, click → first output at load ${results.firstCellAtLoadOnSiteServer.clickToOutputMs} ms`);
  console.log(`click → first output, model cell:  at load ${results.modelCellAtLoad.clickToOutputMs} ms, after idle ${results.modelCellAfterIdle.clickToOutputMs} ms (tiny model on this site's server)`);
  console.log(`bytes before the first output (brotli, HTML included): ${results.firstCellAtLoad.bytesBeforeOutputBrotli} B; compiler fetched: ${compilerFetched}`);
  console.log(`kernel runtime (brotli): ${results.kernelRuntimeBrotliBytes} B (target 15360); compiler (brotli, on edit): ${results.compilerBrotliBytes} B`);
  console.log(`page JS before interaction (gzip): ${results.jsBeforeInteractionGzipBytes} B (budget 10240)`);
  mkdirSync(join(root, "bench/out"), { recursive: true });
  writeFileSync(join(root, "bench/out/firstOutput.json"), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await browser.close();
  await preview.stop();
  await site.stop();
  await observableServer?.stop();
  if (typeof observable !== "string") rmSync(observable.dir, { recursive: true, force: true });
}
