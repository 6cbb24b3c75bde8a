/**
 * Notebook kernel numbers, measured in Chromium against the built site
 * (`npm run build` first): JS loaded before any interaction (and that none
 * of it is kernel or editor code), brotli sizes of the lazily loaded chunks,
 * Run → first output on a freshly loaded page, later runs of a small cell,
 * and how long Stop takes to end `while (true) {}`. Prints them and writes
 * bench/out/kernel.json.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { chromium, type Page } from "@playwright/test";
import { chromiumLaunchOptions } from "../src/cli/chromium.ts";
import { startStaticPreview } from "./lib/preview.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = `${root}dist/`;
const lesson = "/en/lessons/welcome/";
const FIRST_RUNS = 9;
const LATER_RUNS = 30;
const STOPS = 5;

if (!existsSync(`${dist}en/lessons/welcome/index.html`)) {
  console.error("No built site: run `npm run build` first.");
  process.exit(1);
}

const gzip = (data: Buffer | string) => gzipSync(data, { level: 9 }).length;
const brotli = (data: Buffer) => brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (n: number) => Math.round(n * 10) / 10;

function chunk(pattern: RegExp): { file: string; bytes: number; brotli: number } {
  const file = readdirSync(`${dist}_astro`).find((f) => pattern.test(f));
  if (!file) throw new Error(`No chunk matching ${pattern} in dist/_astro`);
  const data = readFileSync(`${dist}_astro/${file}`);
  return { file, bytes: data.length, brotli: brotli(data) };
}

/** Milliseconds from a click on `selector` to the first node added under `target` (measured in the page). */
async function clickToMutation(page: Page, selector: string, target: string, added: string): Promise<number> {
  await page.evaluate(
    ({ selector, target, added }) => {
      const w = window as unknown as { __bench: Promise<number> };
      w.__bench = new Promise((resolve) => {
        let clickedAt = 0;
        document.querySelector(selector)!.addEventListener("click", (e) => (clickedAt = e.timeStamp), { once: true, capture: true });
        const observer = new MutationObserver(() => {
          if (clickedAt && document.querySelector(target)?.querySelector(added)) {
            observer.disconnect();
            resolve(performance.now() - clickedAt);
          }
        });
        const host = document.querySelector(target)!;
        // Start from an empty output so the first node added is the new one.
        observer.observe(host, { childList: true, subtree: true });
      });
    },
    { selector, target, added },
  );
  await page.click(selector);
  return page.evaluate(() => (window as unknown as { __bench: Promise<number> }).__bench);
}

const server = await startStaticPreview();
const base = server.url;
const browser = await chromium.launch(chromiumLaunchOptions());

try {

  // 1. What loads before any interaction.
  const context = await browser.newContext();
  const page = await context.newPage();
  const scripts: { url: string; gzip: number }[] = [];
  page.on("response", async (response) => {
    const url = response.url();
    if (response.request().resourceType() === "script" || url.endsWith(".js")) {
      scripts.push({ url, gzip: gzip(await response.body()) });
    }
  });
  await page.goto(`${base}${lesson}`, { waitUntil: "networkidle" });
  const inline = await page.evaluate(() => [...document.querySelectorAll("script:not([src])")].filter((s) => !(s as HTMLScriptElement).type.includes("json")).map((s) => s.textContent ?? ""));
  const inlineGzip = inline.reduce((sum, text) => sum + gzip(text), 0);
  const lazy = /notebook|editor|kernel|huggingFace/i;
  const kernelOrEditorBefore = scripts.filter((s) => lazy.test(new URL(s.url).pathname)).reduce((sum, s) => sum + s.gzip, 0);
  const jsBefore = scripts.reduce((sum, s) => sum + s.gzip, 0) + inlineGzip;
  await context.close();

  // 2. Chunk sizes.
  const worker = chunk(/^kernel\.worker-.*\.js$/);
  const editor = chunk(/^editor\..*\.js$/);
  const notebook = chunk(/^notebook\..*\.js$/);
  const inference = chunk(/^huggingFaceInference-.*\.js$/);

  // 3. Run → first output on a freshly loaded page, then later runs.
  const firstRuns: number[] = [];
  const laterRuns: number[] = [];
  for (let i = 0; i < FIRST_RUNS; i++) {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await p.goto(`${base}${lesson}`, { waitUntil: "networkidle" });
    const run = "#cell-greeting [data-action=run]";
    firstRuns.push(await clickToMutation(p, run, "#cell-greeting [data-output]", ".out-line"));
    if (i === 0) {
      for (let j = 0; j < LATER_RUNS; j++) {
        await p.waitForFunction(() => document.querySelector("#cell-greeting")?.getAttribute("data-state") === "ok");
        laterRuns.push(await clickToMutation(p, run, "#cell-greeting [data-output]", ".out-line"));
      }
    }
    await ctx.close();
  }

  // 4. Stop of `while (true) {}`.
  const stops: number[] = [];
  {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await p.goto(`${base}${lesson}`, { waitUntil: "networkidle" });
    await p.click("#cell-shout [data-action=edit]");
    await p.locator("#cell-shout .cm-content").waitFor();
    await p.keyboard.press("ControlOrMeta+a");
    await p.keyboard.insertText("while (true) {}");
    for (let i = 0; i < STOPS; i++) {
      await p.click("#cell-shout [data-action=run]");
      await p.waitForFunction(() => document.querySelector("#cell-shout")?.getAttribute("data-state") === "running");
      // Let the loop really spin before stopping it.
      await p.waitForFunction(() => /Running… (0\.[3-9]|[1-9])/.test(document.querySelector("#cell-shout [data-status]")?.textContent ?? ""));
      stops.push(await clickToMutation(p, "#cell-shout [data-action=stop]", "#cell-shout [data-output]", ".out-stopped"));
    }
    await ctx.close();
  }

  const results = {
    date: new Date().toISOString(),
    page: lesson,
    jsBeforeInteractionGzipBytes: jsBefore,
    kernelOrEditorBytesBeforeInteraction: kernelOrEditorBefore,
    scriptsBeforeInteraction: scripts.map((s) => new URL(s.url).pathname),
    kernelWorkerBrotliBytes: worker.brotli,
    editorBrotliBytes: editor.brotli,
    notebookBrotliBytes: notebook.brotli,
    huggingFaceInferenceBrotliBytes: inference.brotli,
    firstRunToOutputMedianMs: round(median(firstRuns)),
    firstRunToOutputMs: firstRuns.map(round),
    laterRunToOutputMedianMs: round(median(laterRuns)),
    stopMedianMs: round(median(stops)),
    stopMaxMs: round(Math.max(...stops)),
  };
  console.log(`JS before interaction (gzip):       ${results.jsBeforeInteractionGzipBytes} B  (budget 10240)`);
  console.log(`kernel/editor JS before interaction: ${results.kernelOrEditorBytesBeforeInteraction} B  (budget 0)`);
  console.log(`kernel worker (brotli):              ${results.kernelWorkerBrotliBytes} B  (budget 102400)`);
  console.log(`editor (brotli):                     ${results.editorBrotliBytes} B  (budget 153600)`);
  console.log(`notebook UI chunk (brotli):          ${results.notebookBrotliBytes} B`);
  console.log(`@huggingface/inference (brotli):     ${results.huggingFaceInferenceBrotliBytes} B  (loaded when a cell imports it)`);
  console.log(`Run → first output, first run:       median ${results.firstRunToOutputMedianMs} ms of ${FIRST_RUNS} page loads  (budget 150)`);
  console.log(`Run → first output, later runs:      median ${results.laterRunToOutputMedianMs} ms of ${LATER_RUNS}  (budget 10)`);
  console.log(`Stop of while (true) {}:             median ${results.stopMedianMs} ms, max ${results.stopMaxMs} ms of ${STOPS}  (budget 1000)`);
  mkdirSync(`${root}bench/out`, { recursive: true });
  writeFileSync(`${root}bench/out/kernel.json`, `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await browser.close();
  await server.stop();
}
