/**
 * Language-service benchmarks (`npm run bench -- types`), on the built site
 * (`npm run build` first) served by the project's server, in Chromium:
 * - bytes: the language service's worker (TypeScript, its libs, the kernel's
 *   globals and @huggingface/inference's declarations) and TypeScript's
 *   messages per language, brotli-compressed (quality 11, as a CDN would);
 * - first edit → first diagnostics, cold (empty cache) and cached (the
 *   same browser after a reload);
 * - keystroke → updated diagnostics in the 6-cell lesson, median and p95
 *   (each includes the 200 ms pause the editor waits for after typing);
 * - main-thread long tasks (> 50 ms) while the service loads.
 * Times come from the page's own `carnet:types-diagnostics` measures.
 * Set BENCH_KEYSTROKES to change the number of keystrokes (default 30).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import { chromium, type BrowserContext, type Page } from "@playwright/test";
import { startStaticPreview } from "./lib/preview.ts";
import { chromiumLaunchOptions } from "../src/cli/chromium.ts";

const root = resolve(import.meta.dirname, "..");
const lesson = "/en/lessons/open-source-models/";
const keystrokes = Number(process.env.BENCH_KEYSTROKES ?? 30);
const results: Record<string, unknown> = {};

const brotli = (bytes: Buffer) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length;

function bytes(): Record<string, number> {
  const assets = join(root, "dist/_astro");
  const files = readdirSync(assets);
  const worker = files.find((f) => f.startsWith("languageService.worker"));
  if (!worker) throw new Error("No language service in dist/_astro: run `npm run build` first");
  const out: Record<string, number> = { "service + libs (worker)": brotli(readFileSync(join(assets, worker))) };
  const messages = files.filter((f) => f.startsWith("diagnosticMessages")).map((f) => brotli(readFileSync(join(assets, f))));
  out["messages per language, smallest"] = Math.min(...messages);
  out["messages per language, largest"] = Math.max(...messages);
  return out;
}

/** Counts the page's long tasks from its start (read with `longTasks`). */
async function watchLongTasks(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen: number[] = [];
    (window as unknown as { __longTasks: number[] }).__longTasks = seen;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) seen.push(entry.duration);
    }).observe({ type: "longtask", buffered: true });
  });
}

const measures = (page: Page) =>
  page.evaluate(() => performance.getEntriesByName("carnet:types-diagnostics").map((e) => e.duration));

/** Opens the lesson, types one character into a cell; returns ms to its first diagnostics and the long tasks meanwhile. */
async function firstDiagnostics(page: Page): Promise<{ ms: number; longTasks: { count: number; totalMs: number; maxMs: number } }> {
  await page.goto(`${lesson}`, { waitUntil: "networkidle" });
  await page.locator('#cell-first-chat [data-action="edit"]').click();
  await page.locator("#cell-first-chat .cm-content").waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains("cm-content"));
  const before = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.length);
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.insertText(" ");
  await page.waitForFunction(() => performance.getEntriesByName("carnet:types-diagnostics").length > 0, undefined, { timeout: 300_000 });
  const [ms] = await measures(page);
  const tasks = await page.evaluate((from) => (window as unknown as { __longTasks: number[] }).__longTasks.slice(from), before);
  return {
    ms: Math.round(ms!),
    longTasks: { count: tasks.length, totalMs: Math.round(tasks.reduce((a, b) => a + b, 0)), maxMs: Math.round(Math.max(0, ...tasks)) },
  };
}

/** Types one character at a time, each after the previous one's diagnostics arrived. */
async function keystrokeLatency(page: Page): Promise<{ medianMs: number; p95Ms: number; samples: number }> {
  const samples: number[] = [];
  for (let i = 0; i < keystrokes; i++) {
    const seen = (await measures(page)).length;
    if (i % 2 === 0) await page.keyboard.insertText("x");
    else await page.keyboard.press("Backspace");
    await page.waitForFunction((n) => performance.getEntriesByName("carnet:types-diagnostics").length > n, seen, { timeout: 60_000 });
    samples.push((await measures(page)).at(-1)!);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => Math.round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!);
  return { medianMs: at(0.5), p95Ms: at(0.95), samples: samples.length };
}

results.bytesBrotli = bytes();
console.log("bytes (brotli):", results.bytesBrotli);

const preview = await startStaticPreview();
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const context = await browser.newContext({ baseURL: preview.url });
  await watchLongTasks(context);
  const page = await context.newPage();
  const cold = await firstDiagnostics(page);
  results.firstDiagnosticsCold = cold;
  console.log("first edit → first diagnostics, cold:", cold);
  results.keystrokeToDiagnostics = await keystrokeLatency(page);
  console.log("keystroke → diagnostics (6 cells):", results.keystrokeToDiagnostics);
  const cached = await firstDiagnostics(page);
  results.firstDiagnosticsCached = cached;
  console.log("first edit → first diagnostics, cached:", cached);
} finally {
  await browser.close();
  await preview.stop();
}
writeFileSync(join(root, "bench/out/types.json"), JSON.stringify(results, null, 2));
