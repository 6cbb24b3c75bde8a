/**
 * A real-size model in the reader's browser: a random-weight GGUF shaped
 * like the catalogue's SmolLM2 360M (8-bit, about 386 MB, generated in a
 * temp folder) is served by a stand-in for the hub (CORS, Range, and a
 * connection that can drop halfway) in place of the catalogue's file, to
 * the built site on a plain static host, from a fresh profile with nothing
 * stored. The cell asks the reader's consent itself;
 * in a private window the model runs even where the browser keeps nothing
 * (and says so); in a persistent profile a reload loads it from the cache
 * with no model request; a download broken halfway resumes and the file checks.
 */
import { test, expect, chromium, type BrowserContext, type Page } from "@playwright/test";
import { createReadStream, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromiumLaunchOptions } from "../../src/cli/chromium.ts";
import { startStaticHost, type StaticHost } from "../support/staticHost.ts";
import { writeShapedModel, type ShapedModel } from "../support/shapedModel.ts";
import { limit } from "../support/timeLimits.ts";

const lesson = "/en/lessons/open-source-models/";
const MODEL = "smollm2-360m-instruct-q8_0";
// 386 MB into a browser and through a WebAssembly engine: minutes on a busy machine.
const SLOW = { timeout: limit(420_000) };

const quickChat = `import { InferenceClient } from "@huggingface/inference";
const client = new InferenceClient(process.env.HF_TOKEN);
const answer = await client.chatCompletion({ model: "${MODEL}", messages: [{ role: "user", content: "Hello" }], max_tokens: 4 });
console.log("answered by", answer.model);`;

let dir: string;
let model: ShapedModel;
let site: StaticHost;
let hub: { server: Server; url: string; asked: (string | undefined)[]; cutNext: number | undefined };

test.describe.configure({ mode: "serial", timeout: limit(900_000) });

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "carnet-shaped-"));
  model = writeShapedModel(dir);
  site = await startStaticHost(fileURLToPath(new URL("../../dist/", import.meta.url)));
  hub = { server: createServer(), url: "", asked: [], cutNext: undefined };
  // The hub's stand-in: CORS for any page, Range from an offset, and (once, when told) a connection that drops after `cutNext` bytes.
  hub.server.on("request", (request, response) => {
    const range = request.headers.range;
    hub.asked.push(range);
    const from = Number(/^bytes=(\d+)-$/.exec(range ?? "")?.[1] ?? 0);
    const headers = { "content-type": "application/octet-stream", "access-control-allow-origin": "*", "cross-origin-resource-policy": "cross-origin" };
    response.writeHead(range ? 206 : 200, { ...headers, "content-length": String(model.bytes - from), ...(range ? { "content-range": `bytes ${from}-${model.bytes - 1}/${model.bytes}` } : {}) });
    const cut = hub.cutNext;
    hub.cutNext = undefined;
    const stream = createReadStream(model.path, { start: from, ...(cut ? { end: from + cut - 1 } : {}) });
    stream.pipe(response, { end: !cut });
    if (cut) stream.on("end", () => response.socket?.destroy());
  });
  await new Promise<void>((done) => hub.server.listen(0, "127.0.0.1", done));
  hub.url = `http://127.0.0.1:${(hub.server.address() as { port: number }).port}`;
});

test.afterAll(async () => {
  await site?.stop();
  await new Promise((done) => hub?.server.close(done));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The page's model data file gives the shaped file's URL, size and sha256 in place of the real one's; the reader's choice and cell are stored as after an earlier visit. */
async function serveShaped(context: BrowserContext): Promise<void> {
  await context.route("**/_astro/data/models.*.json", async (route) => {
    const page = await route.fetch();
    const data = (await page.text()).replace(
      /"url":"https:\/\/huggingface\.co\/HuggingFaceTB\/SmolLM2-360M-Instruct-GGUF\/resolve\/[0-9a-f]+\/smollm2-360m-instruct-q8_0\.gguf"(.*?)"approxBytes":386000000,"sha256":"[0-9a-f]{64}"/,
      `"url":"${hub.url}/smollm2-360m-instruct-q8_0.gguf"$1"bytes":${model.bytes},"approxBytes":${model.bytes},"sha256":"${model.sha256}"`,
    );
    expect(data).toContain(model.sha256);
    return route.fulfill({ response: page, body: data });
  });
  await context.addInitScript(
    ({ model, code }) => {
      localStorage.setItem("carnet:models", JSON.stringify({ backend: "browser", browserModel: model }));
      localStorage.setItem("carnet:cell:open-source-models:first-chat", code);
    },
    { model: MODEL, code: quickChat },
  );
}

/** Runs the cell, agrees to the download in the cell itself, and waits for the answer. */
async function runAndAgree(page: Page): Promise<void> {
  const cell = page.locator("#cell-first-chat");
  await cell.getByRole("button", { name: "Run", exact: true }).click();
  const agree = cell.getByRole("button", { name: /^Download [\d.,]+ MB and run$/ });
  await expect(cell.locator(".model-line")).toContainText(`SmolLM2 360M Instruct (8-bit) is not in this browser yet: 386 MB from ${new URL(hub.url).host}, licence Apache-2.0.`, SLOW);
  await agree.click();
  await expect(cell.locator("[data-output]")).toContainText(`answered by ${MODEL}`, SLOW);
}

const kept = (page: Page) =>
  page.evaluate(async (key) => (await (await caches.open("carnet-browser-models-v1")).match(key))?.json() as Promise<{ complete: boolean; loaded: number } | undefined>, `/carnet-browser-models/${MODEL}.json`);

test("a private window: consent in the cell, then an answer, run from memory where the browser keeps nothing", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: site.url });
  try {
    await serveShaped(context);
    const page = await context.newPage();
    await page.goto(lesson);
    await runAndAgree(page);
    const manifest = await kept(page);
    const line = page.locator("#cell-first-chat .model-line");
    if (manifest?.complete) await expect(line).not.toContainText("runs from memory");
    else await expect(line).toContainText("the model runs from memory for this visit and downloads again next time");
  } finally {
    await context.close();
  }
});

test("a persistent profile: a download broken halfway resumes, the file checks, and a reload loads it from the cache with no model request", async () => {
  const profile = mkdtempSync(join(tmpdir(), "carnet-profile-"));
  const context = await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions(), baseURL: site.url });
  try {
    await serveShaped(context);
    hub.asked.length = 0;
    hub.cutNext = Math.floor(model.bytes / 2);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(lesson);
    const cell = page.locator("#cell-first-chat");
    await cell.getByRole("button", { name: "Run", exact: true }).click();
    await cell.getByRole("button", { name: /^Download [\d.,]+ MB and run$/ }).click(SLOW);
    await expect(cell.locator(".model-problem")).toContainText("The download ended before the whole model file arrived.", SLOW);
    const partial = await kept(page);
    expect(partial?.complete).toBe(false);
    expect(partial!.loaded, "the pieces that arrived are kept").toBeGreaterThan(0);

    await runAndAgree(page);
    expect(hub.asked).toEqual([undefined, `bytes=${partial!.loaded}-`]);
    expect((await kept(page))?.complete).toBe(true);

    hub.asked.length = 0;
    await page.reload();
    await cell.getByRole("button", { name: "Run", exact: true }).click();
    await expect(cell.locator("[data-output]")).toContainText(`answered by ${MODEL}`, SLOW);
    expect(hub.asked, "no request for the model after the reload").toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
