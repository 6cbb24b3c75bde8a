/**
 * The engine in the reader's browser (llama.cpp in WebAssembly) with the
 * tiny model served by the site, and every request to /v1/ blocked, as on
 * a static deploy: the settings offer it first, the streaming cell answers
 * and names the model, Stop ends the generation, a kernel restart keeps the
 * model loaded, a reload reads the model from the browser's cache, a broken
 * download is refused and not kept, nothing of the engine loads before
 * the reader asks for it, and token probabilities come back per token,
 * whole and streamed.
 */
import { test, expect, type Locator, type Page, type Request } from "@playwright/test";
import { recordStreamUpdates, streamUpdates } from "../support/streamUpdates.ts";
import { limit } from "../support/timeLimits.ts";

const lesson = "/en/lessons/open-source-models/";
const LLAMA = "meta-llama/Llama-3.1-8B-Instruct";
const TINY = "carnet-tiny-demo";
const MODEL_FILE = /\/models\/carnet-tiny-demo\.gguf$/;
const ENGINE_FILES = /wllama|\/engine[.-]|engineHost|\.wasm(\?|$)/i;

// A cold engine compiles 10 MB of wasm: slow on a busy machine.
test.describe.configure({ timeout: limit(300_000) });

/** A wait that grows with the test's own limit (`--timeout` scales it): 60% of it, 3 minutes by default. */
const patient = () => ({ timeout: Math.round(test.info().timeout * 0.6) });

function cell(page: Page, id: string): Locator {
  return page.locator(`#cell-${id}`);
}

async function run(page: Page, id: string): Promise<void> {
  await cell(page, id).getByRole("button", { name: "Run", exact: true }).click();
}

/** Blocks this site's /v1/ API (a static deploy has none) and records every request the page makes. */
async function staticDeploy(page: Page): Promise<{ api: string[]; all: Request[] }> {
  const seen = { api: [] as string[], all: [] as Request[] };
  await page.route(/\/v1\//, (route) => {
    seen.api.push(route.request().url());
    return route.abort("connectionrefused");
  });
  page.on("request", (request) => seen.all.push(request));
  return seen;
}

/** The reader's choice saved before the page loads (as after an earlier visit). */
async function chooseBrowser(page: Page): Promise<void> {
  await page.addInitScript(() => localStorage.setItem("carnet:models", JSON.stringify({ backend: "browser" })));
}

async function editCell(page: Page, id: string, code: string): Promise<void> {
  await page.addInitScript(({ key, code }) => localStorage.setItem(key, code), { key: `carnet:cell:open-source-models:${id}`, code });
}

const longStream = `import { InferenceClient } from "@huggingface/inference";
const client = new InferenceClient(process.env.HF_TOKEN);
for await (const chunk of client.chatCompletionStream({ model: "${LLAMA}", messages: [{ role: "user", content: "Tell me a long story." }], max_tokens: 1900 })) {
  process.stdout.write(chunk.choices[0]?.delta?.content ?? "");
}`;

/** A self-contained cell with no time limit of its own (a cold engine on a busy machine can take a minute to load). */
const quickChat = `import { InferenceClient } from "@huggingface/inference";
const client = new InferenceClient(process.env.HF_TOKEN);
const chatModel = "${LLAMA}";
const answer = await client.chatCompletion({ model: "${LLAMA}", messages: [{ role: "user", content: "Hello" }], max_tokens: 16 });
console.log(answer.choices[0].message.content);`;

/** Records each state the model line of a cell goes through. */
async function watchModelStates(page: Page, id: string): Promise<void> {
  await page.evaluate((id) => {
    const states: string[] = [];
    (window as unknown as { __states: Record<string, string[]> }).__states ??= {};
    (window as unknown as { __states: Record<string, string[]> }).__states[id] = states;
    const output = document.querySelector(`#cell-${id} [data-output]`)!;
    new MutationObserver(() => {
      const state = output.querySelector<HTMLElement>(".model-line")?.dataset.modelState;
      if (state && states.at(-1) !== state) states.push(state);
    }).observe(output, { childList: true, subtree: true, attributes: true });
  }, id);
}

const modelStates = (page: Page, id: string) => page.evaluate((id) => (window as unknown as { __states: Record<string, string[]> }).__states[id] ?? [], id);

const cachedModels = (page: Page) =>
  page.evaluate(async () => (await (await caches.open("carnet-browser-models-v1")).keys()).map((r) => new URL(r.url).pathname).sort());

/** The tiny model as the browser keeps it: its manifest and its one piece. */
const KEPT = [`/carnet-browser-models/${TINY}.json`, `/carnet-browser-models/${TINY}/0`];
const TINY_BYTES = 538_688;
const HALF = 269_344;

const manifest = (page: Page) =>
  page.evaluate(async (key) => (await (await caches.open("carnet-browser-models-v1")).match(key))?.json(), `/carnet-browser-models/${TINY}.json`);

test("with no site server and no token, the settings offer the browser first; the streaming cell answers in the page and names the model; Stop ends it; Restart keeps the model", async ({ page }) => {
  const seen = await staticDeploy(page);
  await editCell(page, "openness-score", longStream);
  await editCell(page, "first-chat", quickChat);
  await page.goto(lesson);

  await page.getByRole("button", { name: "Models" }).click();
  const dialog = page.getByRole("dialog", { name: "Model settings" });
  const browser = dialog.getByRole("radio", { name: /In this browser/ });
  await expect(browser).toBeChecked();
  await expect(dialog.getByRole("radio", { name: /This site's server/ })).toBeHidden();
  await expect(dialog.locator("[data-default-mark=browser]")).toBeVisible();
  await expect(dialog.getByLabel("Model", { exact: true })).toHaveValue(TINY);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();

  // Stop in the middle of a long answer (the first request also downloads and loads the model).
  // Wait as the reader does: until the answer is visibly streaming, however long loading takes.
  const long = cell(page, "openness-score");
  const longOutput = long.locator("[data-output]");
  await run(page, "openness-score");
  await expect(long.locator(".model-line")).toContainText(`${TINY} is answering via the engine in this browser`, patient());
  await expect(longOutput.locator(".out-line").first()).not.toHaveText("", patient());
  await long.getByRole("button", { name: "Stop", exact: true }).click();
  // The cell ends as stopped, never as answered: the model line says so instead of naming a finished answer.
  await expect(long).toHaveAttribute("data-state", "stopped", patient());
  await expect(long.locator(".model-line .model-stopped")).toBeVisible();
  await expect(long.locator(".model-line")).not.toContainText("Answered by");
  const stoppedText = await longOutput.innerText();

  // The kernel restarted; the engine did not: the next answer neither waits for the stopped one nor reloads the model.
  await watchModelStates(page, "first-chat");
  await run(page, "first-chat");
  await expect(cell(page, "first-chat").locator(".model-line")).toContainText(`Answered by ${TINY} via the engine in this browser`, patient());
  expect(await modelStates(page, "first-chat"), "answering once tokens flow, then done: no waiting, no loading").toEqual(["streaming", "done"]);
  // A whole answer later, the stopped one has not grown by a single token: the generation did end.
  expect(await longOutput.innerText(), "the stopped answer stays as it was when stopped").toBe(stoppedText);
  await expect(long).toHaveAttribute("data-state", "stopped");

  // The lesson's streaming cell: several visible updates, the model named, with its speed.
  await recordStreamUpdates(page, "streaming-chat");
  await run(page, "streaming-chat");
  const line = cell(page, "streaming-chat").locator(".model-line");
  await expect(line).toContainText(`Answered by ${TINY} via the engine in this browser`, patient());
  await expect(line).toContainText(`in place of ${LLAMA}, which does not run in this browser`);
  await expect(line).not.toContainText("server");
  await expect(line).toContainText("tiny demo model");
  await expect(line).toContainText(/\d+ tokens, [\d.,]+ tokens\/s/);
  await expect(line).toContainText(/first token after [\d,]+ ms/);
  const updates = await streamUpdates(page, "streaming-chat");
  expect(updates.length, `visible updates while streaming: ${JSON.stringify(updates)}`).toBeGreaterThanOrEqual(3);
  expect(seen.api, "no request reaches /v1/ except the settings' probe").toEqual(seen.api.filter((url) => url.endsWith("/v1/models")));
  expect(seen.all.filter((r) => MODEL_FILE.test(r.url())).length, "the model file is fetched once").toBe(1);
});

test("a reload loads the model from the browser's cache, with no request for the model file", async ({ page }) => {
  const seen = await staticDeploy(page);
  await chooseBrowser(page);
  await editCell(page, "first-chat", quickChat);
  await page.goto(lesson);
  await run(page, "first-chat");
  await expect(cell(page, "first-chat").locator(".model-line")).toContainText(`Answered by ${TINY} via the engine in this browser`, patient());
  expect(seen.all.filter((r) => MODEL_FILE.test(r.url()))).toHaveLength(1);
  expect(await cachedModels(page)).toEqual(KEPT);

  seen.all.length = 0;
  await page.reload();
  await run(page, "first-chat");
  await expect(cell(page, "first-chat").locator(".model-line")).toContainText(`Answered by ${TINY} via the engine in this browser`, patient());
  expect(seen.all.filter((r) => MODEL_FILE.test(r.url())), "the model file was not requested again").toHaveLength(0);

  // The settings show what this browser keeps and the space it takes, and delete it.
  await page.getByRole("button", { name: "Models" }).click();
  const dialog = page.getByRole("dialog", { name: "Model settings" });
  const stored = dialog.locator("[data-browser-models]");
  await expect(stored).toContainText("Tiny demo model: in this browser (0.5 MB)");
  await expect(dialog.locator("[data-browser-space]")).toHaveText("Space used by models in this browser: 0.5 MB.");
  await stored.getByRole("button", { name: /^Delete: Tiny demo model/ }).click();
  await expect(dialog.locator("[data-settings-status]")).toContainText("was deleted from this browser");
  await expect(stored).toContainText("not downloaded (0.5 MB)");
  expect(await cachedModels(page)).toEqual([]);
});

test("a truncated file and a file with the wrong checksum are refused with a clear message and not kept; the next attempt works", async ({ page }) => {
  await staticDeploy(page);
  await chooseBrowser(page);
  await editCell(page, "first-chat", quickChat);
  let serve: "truncated" | "corrupt" | "real" = "truncated";
  await page.route(MODEL_FILE, async (route) => {
    if (serve === "real") return route.continue();
    // The whole file, whatever part the page asked for: a server that ignores Range.
    const { range: _, ...headers } = route.request().headers();
    const real = await route.fetch({ headers });
    const body = await real.body();
    const broken = serve === "truncated" ? body.subarray(0, Math.floor(body.length / 2)) : Buffer.from(body.map((byte, i) => (i === body.length - 10 ? byte ^ 0xff : byte)));
    return route.fulfill({ status: 200, headers: { "content-type": "application/octet-stream" }, body: broken });
  });
  await page.goto(lesson);

  const problem = cell(page, "first-chat").locator(".model-problem");
  await run(page, "first-chat");
  await expect(problem).toContainText("The download ended before the whole model file arrived.", patient());
  await expect(problem).toContainText("the download resumes where it stopped");
  await expect(problem).not.toContainText("server");
  expect(await cachedModels(page), "what arrived is kept, not marked complete").toEqual(KEPT);
  expect(await manifest(page)).toMatchObject({ complete: false });

  serve = "corrupt";
  await run(page, "first-chat");
  await expect(problem).toContainText("is not the expected one (its size or sha256 differs)", patient());
  expect(await cachedModels(page)).toEqual([]);

  serve = "real";
  await run(page, "first-chat");
  await expect(cell(page, "first-chat").locator(".model-line")).toContainText(`Answered by ${TINY} via the engine in this browser`, patient());
  expect(await cachedModels(page)).toEqual(KEPT);
  expect(await manifest(page)).toMatchObject({ complete: true });
});

test("a download broken halfway resumes from where it stopped with a Range request, and the file checks", async ({ page }) => {
  await staticDeploy(page);
  await chooseBrowser(page);
  await editCell(page, "first-chat", quickChat);
  const asked: (string | undefined)[] = [];
  await page.route(MODEL_FILE, async (route) => {
    const range = route.request().headers()["range"];
    asked.push(range);
    if (asked.length > 1) return route.continue();
    const body = await (await route.fetch()).body();
    // The connection drops after the first half: the body ends early.
    return route.fulfill({ status: 200, headers: { "content-type": "application/octet-stream" }, body: body.subarray(0, HALF) });
  });
  await page.goto(lesson);
  await run(page, "first-chat");
  await expect(cell(page, "first-chat").locator(".model-problem")).toContainText("The download ended before the whole model file arrived.", patient());
  expect(await manifest(page)).toMatchObject({ complete: false, loaded: HALF });

  await run(page, "first-chat");
  await expect(cell(page, "first-chat").locator(".model-line")).toContainText(`Answered by ${TINY} via the engine in this browser`, patient());
  expect(asked).toEqual([undefined, `bytes=${HALF}-`]);
  expect(await manifest(page)).toMatchObject({ complete: true, loaded: TINY_BYTES });
});

test("the page before interaction loads none of the engine's code or wasm; choosing the engine and running a cell does", async ({ page }) => {
  const seen = await staticDeploy(page);
  await chooseBrowser(page);
  await editCell(page, "first-chat", quickChat);
  await page.goto(lesson);
  await page.waitForLoadState("networkidle");
  expect(seen.all.map((r) => r.url()).filter((url) => ENGINE_FILES.test(url))).toEqual([]);

  await run(page, "first-chat");
  await expect(cell(page, "first-chat").locator(".model-line")).toContainText(`Answered by ${TINY}`, patient());
  const loaded = seen.all.map((r) => r.url()).filter((url) => ENGINE_FILES.test(url));
  expect(loaded.some((url) => /\.wasm$/.test(url)), `engine files loaded: ${loaded.join(", ")}`).toBe(true);
});

/** Asks the engine for 5 alternatives per token, whole at temperature 0 and streamed at temperature 2, and prints what came back, one JSON line each. */
const probabilitiesCell = `import { InferenceClient } from "@huggingface/inference";
const client = new InferenceClient(process.env.HF_TOKEN);
const ask = { model: "${LLAMA}", messages: [{ role: "user", content: "Name a colour." }], max_tokens: 6, logprobs: true, top_logprobs: 5 };
const whole = await client.chatCompletion({ ...ask, temperature: 0 });
console.log("whole " + JSON.stringify({ text: whole.choices[0].message.content, content: whole.choices[0].logprobs?.content ?? null, tokens: whole.usage.completion_tokens }));
const chunks = [];
for await (const chunk of client.chatCompletionStream({ ...ask, temperature: 2, top_p: 0.5, seed: 7 })) {
  chunks.push({ text: chunk.choices[0]?.delta?.content ?? "", content: chunk.choices[0]?.logprobs?.content ?? null });
}
console.log("streamed " + JSON.stringify(chunks));`;

type Choice = { token: string; logprob: number; bytes: number[] | null };
type Entry = Choice & { top_logprobs: Choice[] };

/** 5 alternatives, most likely first, each a log probability (≤ 0), summing to at most 1; the token's own is one too. */
function checkEntry(entry: Entry, where: string): void {
  expect(entry.top_logprobs, `${where}: 5 alternatives`).toHaveLength(5);
  expect(entry.logprob, `${where}: the token's own log probability`).toBeLessThanOrEqual(0);
  let sum = 0;
  entry.top_logprobs.forEach((alternative, i) => {
    expect(Number.isFinite(alternative.logprob) && alternative.logprob <= 0, `${where}: alternative ${i} is a log probability`).toBe(true);
    if (i > 0) expect(alternative.logprob, `${where}: alternatives in descending order`).toBeLessThanOrEqual(entry.top_logprobs[i - 1]!.logprob);
    expect(alternative.bytes, `${where}: alternative ${i} has its bytes`).toEqual(expect.any(Array));
    sum += Math.exp(alternative.logprob);
  });
  expect(sum, `${where}: probabilities sum to at most 1`).toBeLessThanOrEqual(1 + 1e-6);
}

test("top_logprobs: 5 through the engine gives each token 5 alternatives, most likely first, whole and streamed; they are the model's own, whatever the sampler", async ({ page }) => {
  await staticDeploy(page);
  await chooseBrowser(page);
  await editCell(page, "first-chat", probabilitiesCell);
  await page.goto(lesson);
  const output = cell(page, "first-chat").locator("[data-output]");
  await run(page, "first-chat");
  await expect(output.locator(".out-line").filter({ hasText: /^streamed / })).toHaveCount(1, patient());
  const lines = await output.locator(".out-line").allTextContents();
  const whole = JSON.parse(lines.find((l) => l.startsWith("whole "))!.slice("whole ".length)) as { text: string; content: Entry[] | null; tokens: number };
  const chunks = JSON.parse(lines.find((l) => l.startsWith("streamed "))!.slice("streamed ".length)) as { text: string; content: Entry[] | null }[];

  expect(whole.content, "one entry per generated token").toHaveLength(whole.tokens);
  expect(whole.tokens).toBeGreaterThan(0);
  whole.content!.forEach((entry, i) => {
    checkEntry(entry, `whole, token ${i}`);
    // At temperature 0 the most likely token is taken.
    expect(entry.logprob, `whole, token ${i}: the chosen token is the most likely`).toBeCloseTo(entry.top_logprobs[0]!.logprob, 5);
  });

  const streamed = chunks.filter((c) => c.content !== null).flatMap((c) => c.content!);
  expect(streamed.length).toBeGreaterThan(0);
  expect(chunks.filter((c) => c.text !== "").every((c) => (c.content?.length ?? 0) > 0), "each chunk with text carries its tokens' entries").toBe(true);
  expect(chunks.at(-1)!.content, "the closing chunk has none").toBeNull();
  streamed.forEach((entry, i) => checkEntry(entry, `streamed, token ${i}`));

  // Same prompt, so the same first distribution, although this answer was sampled at temperature 2 with top_p 0.5:
  // the probabilities are the model's, not those left after the sampler.
  expect(streamed[0]!.top_logprobs.map((c) => c.token)).toEqual(whole.content![0]!.top_logprobs.map((c) => c.token));
  streamed[0]!.top_logprobs.forEach((c, i) => expect(c.logprob).toBeCloseTo(whole.content![0]!.top_logprobs[i]!.logprob, 3));
});
