/**
 * Run → first streamed token shown in the page, with this site's server and
 * its tiny model, in Chromium, against the server's own time to first token
 * (from request arrival to the first generated text, read from its
 * /metrics). The difference is what the page adds: click, kernel, routed
 * client, HTTP, streaming parser, output drawing. Target: at most 50 ms.
 *
 * Warm runs (kernel and client already loaded: median of 20) are the number
 * for that target; first runs on a freshly loaded page (which also start
 * the kernel and load the client) are printed beside them. Needs the built
 * site (`npm run build`). Prints the medians and writes bench/out/models.json.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { chromium, type Page } from "@playwright/test";
import { startServerProcess } from "../tests/support/serverProcess.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const lesson = "/en/lessons/open-source-models/";
const WARM_RUNS = 20;
const FIRST_RUNS = 10;
const MAX_TOKENS = 16;

if (!existsSync(`${root}dist/en/lessons/open-source-models/index.html`)) {
  console.error("No built site: run `npm run build` first.");
  process.exit(1);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (n: number) => Math.round(n * 10) / 10;

/** The server's first-token histogram: sum (seconds) and count. */
async function firstTokenTotals(base: string): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const value = (name: string) => Number(/\s(\S+)$/.exec(text.split("\n").find((l) => l.startsWith(`${name}{model="carnet-tiny-demo"}`)) ?? " 0")![1]);
  return { sum: value("carnet_time_to_first_token_seconds_sum"), count: value("carnet_time_to_first_token_seconds_count") };
}

const cell = `import { InferenceClient } from "@huggingface/inference";
const client = new InferenceClient(process.env.HF_TOKEN);
for await (const chunk of client.chatCompletionStream({
  model: "meta-llama/Llama-3.1-8B-Instruct",
  messages: [{ role: "user", content: "Say something." }],
  max_tokens: ${MAX_TOKENS},
})) {
  const text = chunk.choices[0]?.delta?.content;
  if (text) process.stdout.write(text);
}`;

/** Milliseconds from the click on Run to the first streamed text drawn in the cell's output (measured in the page). */
async function runToFirstToken(page: Page): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __firstToken: Promise<number> };
    const figure = document.querySelector<HTMLElement>("#cell-first-chat")!;
    const output = figure.querySelector("[data-output]")!;
    w.__firstToken = new Promise((resolve, reject) => {
      let clickedAt = 0;
      let cleared = !output.querySelector(".out-line");
      setTimeout(() => reject(new Error("no streamed text within 30 s")), 30_000);
      figure.querySelector("[data-action=run]")!.addEventListener("click", (e) => (clickedAt = e.timeStamp), { once: true, capture: true });
      const observer = new MutationObserver(() => {
        const line = output.querySelector(".out-line");
        // The run starts by emptying the output; the first text after that is this run's.
        if (!line) cleared = true;
        if (clickedAt && cleared && line && (line.textContent ?? "").trim() !== "") {
          observer.disconnect();
          resolve(performance.now() - clickedAt);
        }
      });
      observer.observe(output, { childList: true, subtree: true, characterData: true });
    });
  });
  await page.click("#cell-first-chat [data-action=run]");
  const ms = await page.evaluate(() => (window as unknown as { __firstToken: Promise<number> }).__firstToken);
  await page.waitForFunction(() => document.querySelector("#cell-first-chat")?.getAttribute("data-state") === "ok");
  return ms;
}

/** One measured run: the page's time and the server's own time to first token for the same request. */
async function measure(page: Page, base: string): Promise<{ page: number; server: number }> {
  const before = await firstTokenTotals(base);
  const pageMs = await runToFirstToken(page);
  const after = await firstTokenTotals(base);
  if (after.count !== before.count + 1) throw new Error(`expected one generation, the server counted ${after.count - before.count}`);
  return { page: pageMs, server: (after.sum - before.sum) * 1000 };
}

const server = await startServerProcess();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
});

try {
  const newPage = async () => {
    const context = await browser.newContext();
    await context.addInitScript((code) => localStorage.setItem("carnet:cell:open-source-models:first-chat", code), cell);
    const page = await context.newPage();
    await page.goto(`${server.url}${lesson}`, { waitUntil: "networkidle" });
    return { page, close: () => context.close() };
  };

  const first: { page: number; server: number }[] = [];
  for (let i = 0; i < FIRST_RUNS; i++) {
    const { page, close } = await newPage();
    first.push(await measure(page, server.url));
    await close();
  }

  const warm: { page: number; server: number }[] = [];
  const { page, close } = await newPage();
  await measure(page, server.url); // loads the kernel and the client
  for (let i = 0; i < WARM_RUNS; i++) warm.push(await measure(page, server.url));
  await close();

  const summary = (runs: { page: number; server: number }[]) => ({
    pageMedianMs: round(median(runs.map((r) => r.page))),
    serverMedianMs: round(median(runs.map((r) => r.server))),
    addedMedianMs: round(median(runs.map((r) => r.page - r.server))),
    runs: runs.map((r) => ({ page: round(r.page), server: round(r.server) })),
  });
  const results = {
    date: new Date().toISOString(),
    model: "carnet-tiny-demo",
    maxTokens: MAX_TOKENS,
    targetAddedMs: 50,
    /** Other work on the machine makes every number noisier. */
    loadAverage1mAtEnd: Math.round(loadavg()[0]! * 100) / 100,
    warm: { count: WARM_RUNS, ...summary(warm) },
    firstRunOnFreshPage: { count: FIRST_RUNS, ...summary(first) },
  };
  console.log(`Run → first streamed token in the page, warm:   median ${results.warm.pageMedianMs} ms of ${WARM_RUNS}`);
  console.log(`server's own time to first token, same runs:    median ${results.warm.serverMedianMs} ms`);
  console.log(`added by the page (per run, page − server):     median ${results.warm.addedMedianMs} ms  (target ≤ 50)`);
  console.log(
    `first run on a fresh page (kernel + client load): median ${results.firstRunOnFreshPage.pageMedianMs} ms of ${FIRST_RUNS}, ` +
      `server ${results.firstRunOnFreshPage.serverMedianMs} ms, added ${results.firstRunOnFreshPage.addedMedianMs} ms`,
  );
  mkdirSync(`${root}bench/out`, { recursive: true });
  writeFileSync(`${root}bench/out/models.json`, `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await browser.close();
  await server.stop();
}
