/**
 * The engine in the reader's browser (`npm run bench -- browserEngine`),
 * with the tiny model, the same prompt and 64 tokens, against
 * node-llama-cpp called in this process:
 * - time to first token and tokens/s, measured inside the cell (routed
 *   client, kernel ↔ page, engine), single-thread (a static host: no
 *   COOP/COEP) and multi-thread (COOP/COEP added to every response, so the
 *   page is cross-origin isolated); node-llama-cpp with 1 and 2 threads;
 * - model load (wasm compile + model): cold (new browser profile) and
 *   cached (a reload: model from Cache Storage, wasm from the HTTP cache),
 *   as the first run's time to first token minus a warm run's;
 * - engine bytes (brotli) loaded when the engine is chosen, and the page's
 *   JS before interaction (gzip), which must not include any of them.
 * Needs the built site (`npm run build`). Writes bench/out/browserEngine.json.
 *
 * `BENCH_MODEL=shaped`: the same on a random-weight file of SmolLM2 360M's
 * shape and size (Q8_0, about 386 MB, written to a temp folder and served
 * by the site for the run) in place of
 * the catalogue's SmolLM2, with the page's peak memory (the browser's
 * processes, summed). `BENCH_THREADS=2` runs the isolated page's engine
 * on 2 threads (it leaves one core free by default). Writes
 * bench/out/browserEngine-shaped.json.
 */
import { execFileSync } from "node:child_process";
import { linkSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { chromium, type BrowserContext, type Page } from "@playwright/test";
import { chromiumLaunchOptions } from "../src/cli/chromium.ts";
import { ensureTinyModel } from "../src/cli/ensureTinyModel.ts";
import { loadInProcess, type Sample } from "./lib/inProcessChat.ts";
import { startStaticPreview } from "./lib/preview.ts";
import { writeShapedModel, type ShapedModel } from "../tests/support/shapedModel.ts";

const root = resolve(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TOKENS = 64;
const SYSTEM = "You are a patient teacher of open language models.";
const USER = "Explain in a few sentences what a token is and why models read tokens, not letters.";
const lesson = "/en/lessons/open-source-models/";
const SHAPED = process.env.BENCH_MODEL === "shaped";
const THREADS = Number(process.env.BENCH_THREADS ?? 0);
const MODEL_ID = SHAPED ? "smollm2-360m-instruct-q8_0" : "carnet-tiny-demo";
let shaped: (ShapedModel & { url: string }) | undefined;
const ENGINE_FILES = /^(engine|engineHost)\.[\w-]+\.js$|^wllama\.[\w-]+\.wasm$/;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (n: number, digits = 1) => Number(n.toFixed(digits));
const summary = (samples: Sample[]) => ({
  runs: samples.length,
  ttftMsMedian: round(median(samples.map((s) => s.ttftMs))),
  tokensPerSecondMedian: round(median(samples.map((s) => s.tokensPerSecond))),
  tokensPerRun: median(samples.map((s) => s.tokens)),
});

/** The cell: times its own first token and token rate, and prints them. */
const cell = `import { InferenceClient } from "@huggingface/inference";
const client = new InferenceClient();
const start = performance.now();
let first = 0, last = 0, tokens = 0;
for await (const chunk of client.chatCompletionStream({ model: "${SHAPED ? "smollm2-360m-instruct-q8_0" : "carnet-tiny-demo"}", messages: [{ role: "system", content: ${JSON.stringify(SYSTEM)} }, { role: "user", content: ${JSON.stringify(USER)} }], max_tokens: ${TOKENS}, temperature: 0 })) {
  if (chunk.choices[0]?.delta?.content) { last = performance.now(); first ||= last; tokens++; }
}
console.log("BENCH " + JSON.stringify({ ttftMs: first - start, tokensPerSecond: tokens > 1 ? (tokens - 1) / ((last - first) / 1000) : 0, tokens }));`;

async function runCell(page: Page): Promise<Sample> {
  const figure = page.locator("#cell-first-chat");
  await figure.getByRole("button", { name: "Run", exact: true }).click();
  // A first download of a large file asks consent in the cell.
  const agree = figure.locator("button[data-engine-agree]");
  const answered = figure.locator("[data-output] .out-line", { hasText: "BENCH " });
  const failed = figure.locator("[data-output] .model-problem, [data-output] .out-error");
  await agree.or(answered).or(failed).first().waitFor({ timeout: 300_000 });
  if (await agree.isVisible()) await agree.click();
  await answered.or(failed).first().waitFor({ timeout: 300_000 });
  if (await failed.count()) throw new Error(`the cell failed: ${await figure.locator("[data-output]").textContent()}`);
  const line = figure.locator("[data-output] .out-line", { hasText: "BENCH " });
  await line.waitFor({ timeout: 300_000 });
  const text = (await line.textContent())!;
  await page.evaluate(() => document.querySelector("#cell-first-chat [data-output]")!.replaceChildren());
  return JSON.parse(text.slice(text.indexOf("BENCH ") + 6)) as Sample;
}

async function openLesson(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}${lesson}`);
  return page;
}

/** One browser profile: cold load, warm runs, then a reload (cached load). */
async function browserEngine(url: string, isolated: boolean) {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const context = await browser.newContext();
    await context.addInitScript(
      ({ code, model, threads }) => {
        localStorage.setItem("carnet:models", JSON.stringify({ backend: "browser", browserModel: model }));
        localStorage.setItem("carnet:cell:open-source-models:first-chat", code);
        if (threads) localStorage.setItem("carnet:engine-threads", String(threads));
      },
      { code: cell, model: MODEL_ID, threads: THREADS },
    );
    const memory = peakMemory();
    if (isolated) {
      await context.route(`${url}/**`, async (route) => {
        // Pages and scripts get the headers; a model file passes untouched (it would otherwise be held whole by the route).
        if (route.request().url().endsWith(".gguf")) return route.continue();
        const response = await route.fetch();
        await route.fulfill({ response, headers: { ...response.headers(), ...ISOLATION } });
      });
    }
    // Registered last, so it answers the lesson page before the route above.
    if (shaped) await serveShaped(context, url, shaped, isolated);
    let page = await openLesson(context, url);
    const crossOriginIsolated = await page.evaluate(() => globalThis.crossOriginIsolated);
    const cold = await runCell(page);
    const warm: Sample[] = [];
    for (let i = 0; i < RUNS; i++) warm.push(await runCell(page));
    await page.close();
    page = await openLesson(context, url);
    const cached = await runCell(page);
    const warmTtft = median(warm.map((s) => s.ttftMs));
    return {
      crossOriginIsolated,
      threads: await page.evaluate(() => {
        if (!globalThis.crossOriginIsolated) return 1;
        const asked = Number(localStorage.getItem("carnet:engine-threads"));
        return asked >= 1 ? asked : Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 1) - 1));
      }),
      warm: summary(warm),
      loadColdMs: round(cold.ttftMs - warmTtft),
      loadCachedMs: round(cached.ttftMs - warmTtft),
      peakBrowserMemoryMB: memory.stop(),
    };
  } finally {
    await browser.close();
  }
}

/** The shaped file's URL (served by the site beside its own model files), size and sha256 in place of the catalogue's SmolLM2 (the page's catalogue is rewritten). */
async function serveShaped(context: BrowserContext, url: string, model: ShapedModel & { url: string }, isolated: boolean): Promise<void> {
  const fileUrl = model.url;
  await context.route(`${url}${lesson}`, async (route) => {
    const page = await route.fetch();
    const html = (await page.text()).replace(
      /"url":"https:\/\/huggingface\.co\/HuggingFaceTB\/[^"]+smollm2-360m-instruct-q8_0\.gguf"(.*?)"approxBytes":386000000,"sha256":"[0-9a-f]{64}"/,
      `"url":"${fileUrl}"$1"bytes":${model.bytes},"approxBytes":${model.bytes},"sha256":"${model.sha256}"`,
    );
    await route.fulfill({ response: page, body: html, headers: { ...page.headers(), ...(isolated ? ISOLATION : {}) } });
  });
}

const ISOLATION = { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" };

/** Samples the summed resident memory of the machine's Chromium processes every 250 ms; `stop` gives the peak in MB. */
function peakMemory(): { stop(): number } {
  let peak = 0;
  const sample = () => {
    try {
      const rss = execFileSync("ps", ["-C", "chromium", "-o", "rss="], { encoding: "utf8" }).split("\n").reduce((sum, line) => sum + (Number(line.trim()) || 0), 0);
      peak = Math.max(peak, rss);
    } catch {
      // no chromium process at this instant
    }
  };
  const timer = setInterval(sample, 250);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return Math.round(peak / 1024);
    },
  };
}

/** node-llama-cpp in this process on the same file, prompt and token count (the first run is a warm-up). */
async function inProcess(modelPath: string, threads: number) {
  const local = await loadInProcess(modelPath, { threads, contextSize: 2048, sequences: 1, maxTokens: TOKENS });
  const samples: Sample[] = [];
  try {
    for (let i = 0; i <= RUNS; i++) {
      const result = await local.run(SYSTEM, USER);
      if (i > 0) samples.push(result);
    }
  } finally {
    await local.dispose();
  }
  return summary(samples);
}

/** Scripts the lesson page loads before any interaction (gzip), and whether any is the engine's. */
async function pageBeforeInteraction(url: string) {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    const scripts: { path: string; gzip: number }[] = [];
    const all: string[] = [];
    page.on("request", (request) => all.push(new URL(request.url()).pathname));
    page.on("response", async (response) => {
      if (response.request().resourceType() !== "script") return;
      const body = await response.body().catch(() => Buffer.alloc(0));
      scripts.push({ path: new URL(response.url()).pathname, gzip: gzipSync(body, { level: 9 }).length });
    });
    await page.goto(`${url}${lesson}`, { waitUntil: "networkidle" });
    await page.evaluate(() => new Promise((done) => requestIdleCallback(() => done(null), { timeout: 2000 })));
    await page.waitForLoadState("networkidle");
    const inline = await page.evaluate(() => [...document.querySelectorAll("script:not([src])")].filter((s) => !/json/.test((s as HTMLScriptElement).type)).map((s) => s.textContent ?? ""));
    const inlineGzip = inline.reduce((sum, code) => sum + gzipSync(code, { level: 9 }).length, 0);
    return {
      jsGzipBytes: scripts.reduce((sum, s) => sum + s.gzip, 0) + inlineGzip,
      engineFilesLoaded: all.filter((path) => ENGINE_FILES.test(path.split("/").at(-1)!)),
    };
  } finally {
    await browser.close();
  }
}

function engineBytes() {
  const dir = `${root}/dist/_astro`;
  const files = readdirSync(dir).filter((name) => ENGINE_FILES.test(name));
  const sizes = Object.fromEntries(files.map((name) => [name.replace(/\.[\w-]+\.(js|wasm)$/, ".$1"), brotliCompressSync(readFileSync(`${dir}/${name}`)).length]));
  return { brotli: sizes, totalBrotli: Object.values(sizes).reduce((a, b) => a + b, 0) };
}

await ensureTinyModel(`${root}/models/models.json`);
const preview = await startStaticPreview();
try {
  /** Each part is printed as soon as it is measured (the browser parts take minutes on a busy machine). */
  const measure = async <T>(name: string, run: () => T | Promise<T>): Promise<T> => {
    const value = await run();
    console.log(name, JSON.stringify(value));
    return value;
  };
  const folder = SHAPED ? mkdtempSync(join(tmpdir(), "carnet-shaped-")) : undefined;
  const file = folder ? writeShapedModel(folder) : undefined;
  // Served by the site itself for the run (a link beside the tiny model in dist/models/, removed after).
  const served = `${root}/dist/models/bench-shaped.gguf`;
  if (file) {
    rmSync(served, { force: true });
    linkSync(file.path, served);
    shaped = { ...file, url: `${preview.url}/models/bench-shaped.gguf` };
  }
  const model = shaped?.path ?? `${root}/models/carnet-tiny-demo.gguf`;
  const results = {
    pageBeforeInteraction: await measure("pageBeforeInteraction", () => pageBeforeInteraction(preview.url)),
    engineBytes: await measure("engineBytes", engineBytes),
    nodeLlamaCpp1Thread: await measure("nodeLlamaCpp1Thread", () => inProcess(model, 1)),
    nodeLlamaCpp2Threads: await measure("nodeLlamaCpp2Threads", () => inProcess(model, 2)),
    browserSingleThread: await measure("browserSingleThread", () => browserEngine(preview.url, false)),
    browserMultiThread: await measure("browserMultiThread", () => browserEngine(preview.url, true)),
  };
  const ratio = (browser: { warm: { tokensPerSecondMedian: number; ttftMsMedian: number } }, node: { tokensPerSecondMedian: number; ttftMsMedian: number }) => ({
    tokensPerSecondBrowserOverNode: round(browser.warm.tokensPerSecondMedian / node.tokensPerSecondMedian, 2),
    firstTokenBrowserOverNode: round(browser.warm.ttftMsMedian / node.ttftMsMedian, 2),
  });
  const out = {
    ...results,
    singleThreadVsNode1: ratio(results.browserSingleThread, results.nodeLlamaCpp1Thread),
    multiThreadVsNode2: ratio(results.browserMultiThread, results.nodeLlamaCpp2Threads),
  };
  console.log(JSON.stringify(out, null, 2));
  writeFileSync(`${root}/bench/out/browserEngine${SHAPED ? "-shaped" : ""}.json`, `${JSON.stringify(out, null, 2)}\n`);
  if (folder) rmSync(folder, { recursive: true, force: true });
  rmSync(served, { force: true });
} finally {
  await preview.stop();
}
