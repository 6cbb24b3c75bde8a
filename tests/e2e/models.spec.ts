/**
 * Model cells against real backends in Chromium: this site's server with
 * its tiny model (streaming, Stop), a second server instance as a custom
 * URL (CORS allowed and not), Hugging Face with no network, and where the
 * token typed in the settings may and may not be found.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test, expect, type Locator, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { startServerProcess } from "../support/serverProcess.ts";
import { recordStreamUpdates, streamUpdates } from "../support/streamUpdates.ts";
import { limit } from "../support/timeLimits.ts";

const lesson = "/en/lessons/open-source-models/";
const LLAMA = "meta-llama/Llama-3.1-8B-Instruct";
const TINY = "carnet-tiny-demo";
const TOKEN = "hf_PlaywrightTok3nAbcdefghijklmnopqrs";

/**
 * A manifest whose tiny model has a 16 K context, so that an answer of
 * 16,000 tokens lasts long enough (a minute or more) for Stop to come in
 * the middle of it on any machine.
 */
function longAnswerManifest(): { path: string; remove: () => void } {
  const models = fileURLToPath(new URL("../../models/", import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), "carnet-long-"));
  const manifest = JSON.parse(readFileSync(join(models, "models.json"), "utf8")) as { models: { id: string; file: string; contextSize?: number }[] };
  const tiny = manifest.models.find((m) => m.id === TINY)!;
  tiny.contextSize = 16_384;
  symlinkSync(join(models, tiny.file), join(dir, tiny.file));
  writeFileSync(join(dir, "models.json"), JSON.stringify({ ...manifest, models: [tiny] }));
  return { path: join(dir, "models.json"), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One metric's value from the server's /metrics, or undefined when absent. */
async function metric(base: string, line: RegExp): Promise<number | undefined> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const found = text.split("\n").find((l) => line.test(l));
  return found === undefined ? undefined : Number(found.split(" ").at(-1));
}

function cell(page: Page, id: string): Locator {
  return page.locator(`#cell-${id}`);
}

async function run(page: Page, id: string): Promise<void> {
  await cell(page, id).getByRole("button", { name: "Run", exact: true }).click();
}

async function openSettings(page: Page): Promise<Locator> {
  await page.getByRole("button", { name: "Models" }).click();
  const dialog = page.getByRole("dialog", { name: "Model settings" });
  await expect(dialog).toBeVisible();
  return dialog;
}

async function useCustomUrl(page: Page, url: string): Promise<Locator> {
  const dialog = await openSettings(page);
  await dialog.getByRole("radio", { name: "Custom OpenAI-compatible URL" }).check();
  await dialog.getByLabel("Base URL").fill(url);
  return dialog;
}

/** Everything the page holds: its HTML, form values, storages and cookies. */
async function pageHolds(page: Page): Promise<{ html: string; inputs: string; session: string; local: string; cookies: string }> {
  const held = await page.evaluate(() => ({
    html: document.documentElement.outerHTML,
    inputs: [...document.querySelectorAll("input")].map((i) => i.value).join("\n"),
    session: JSON.stringify({ ...sessionStorage }),
    local: JSON.stringify({ ...localStorage }),
  }));
  return { ...held, cookies: JSON.stringify(await page.context().cookies()) };
}

/** A cell whose code is the reader's edit (as if typed earlier), set before the page loads. */
async function editCell(page: Page, id: string, code: string): Promise<void> {
  await page.addInitScript(({ key, code }) => localStorage.setItem(key, code), { key: `carnet:cell:open-source-models:${id}`, code });
}

const streamingCell = (maxTokens: number) => `import { InferenceClient } from "@huggingface/inference";
const client = new InferenceClient(process.env.HF_TOKEN);
const stream = client.chatCompletionStream({
  model: "${LLAMA}",
  messages: [{ role: "user", content: "Tell me a long story." }],
  max_tokens: ${maxTokens},
});
for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? "");`;

test.describe("this site's server", () => {
  test("a streamed answer arrives in several visible updates and names the local model", async ({ page }) => {
    await page.goto(lesson);
    await run(page, "first-chat");
    await expect(cell(page, "first-chat").locator(".model-line")).toContainText(`Answered by ${TINY} via this site's server`);
    await expect(cell(page, "first-chat").locator("[data-output]")).toContainText("tokens used:");

    await run(page, "streaming-chat");
    const line = cell(page, "streaming-chat").locator(".model-line");
    await expect(line).toContainText(`Answered by ${TINY} via this site's server`);
    await expect(line).toContainText(`asked for ${LLAMA}; the server answered with its own model`);
    await expect(line).toContainText("tiny demo model");
    await expect(line).toContainText(/\d+ tokens, [\d.,]+ tokens\/s/);
    await expect(cell(page, "streaming-chat").locator("[data-output]")).toContainText(/first token after \d+ ms/);

    // A long answer, so that the tiny model cannot end it within one update: it shows as it arrives.
    await editCell(page, "streaming-chat", streamingCell(1900));
    await page.reload();
    await recordStreamUpdates(page, "streaming-chat");
    await run(page, "streaming-chat");
    await expect(cell(page, "streaming-chat")).toHaveAttribute("data-state", "ok", { timeout: limit(30_000) });
    const updates = await streamUpdates(page, "streaming-chat");
    expect(updates.length, `visible updates while streaming: ${JSON.stringify(updates)}`).toBeGreaterThanOrEqual(3);
  });

  test("Stop in the middle of a stream stops the cell at once and the server's generation ends", async ({ page }) => {
    const manifest = longAnswerManifest();
    const own = await startServerProcess({ MODELS_MANIFEST: manifest.path, MAX_TOKENS_CAP: "16000" });
    try {
      await editCell(page, "first-chat", streamingCell(16_000));
      await page.goto(`${own.url}${lesson}`);
      await run(page, "first-chat");
      const output = cell(page, "first-chat").locator("[data-output]");
      await expect(cell(page, "first-chat").locator(".model-line")).toContainText(`${TINY} is answering via this site's server`);
      await expect(output).not.toHaveText("");
      await expect.poll(() => metric(own.url, /^carnet_generations_running\{model="carnet-tiny-demo"\}/)).toBe(1);

      await cell(page, "first-chat").getByRole("button", { name: "Stop", exact: true }).click();
      await expect(cell(page, "first-chat")).toHaveAttribute("data-state", "stopped", { timeout: limit(1000) });
      await expect(cell(page, "first-chat").locator(".model-line .model-stopped")).toBeVisible();
      await expect(cell(page, "first-chat").locator(".model-line .model-answering")).toBeHidden();
      const stoppedText = await output.textContent();

      await expect.poll(() => metric(own.url, /^carnet_generations_running\{model="carnet-tiny-demo"\}/)).toBe(0);
      // The server saw the client leave and ended the generation there.
      expect(await metric(own.url, /^carnet_generations_total\{model="carnet-tiny-demo",outcome="client_gone"\}/)).toBe(1);
      expect(await metric(own.url, /^carnet_generations_total\{model="carnet-tiny-demo",outcome="completed"\}/)).toBeUndefined();
      // Tokens are counted when a generation completes: none did.
      expect(await metric(own.url, /^carnet_tokens_generated_total\{model="carnet-tiny-demo"\}/)).toBeUndefined();
      // The client left mid-answer: counted as aborted, not as a 200.
      expect(await metric(own.url, /^carnet_http_requests_total\{route="chat",status="aborted"\}/)).toBe(1);
      expect(await metric(own.url, /^carnet_http_requests_total\{route="chat",status="200"\}/)).toBeUndefined();
      expect(await output.textContent()).toBe(stoppedText);
    } finally {
      await own.stop();
      manifest.remove();
    }
  });
});

test.describe("custom OpenAI-compatible URL", () => {
  test("a second server that allows this origin answers; one that does not gets the CORS message", async ({ page, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    const [allowed, refusing] = await Promise.all([startServerProcess({ CORS_ORIGINS: origin }), startServerProcess({ CORS_ORIGINS: "https://elsewhere.example" })]);
    try {
      await page.goto(lesson);
      let dialog = await useCustomUrl(page, `${allowed.url}/v1`);
      await dialog.getByRole("button", { name: "Test" }).click();
      await expect(dialog.locator("[data-settings-status]")).toContainText(`${allowed.url} answered. Models it serves: 1.`);
      await expect(dialog.locator("[data-settings-status]")).toContainText(TINY);
      await dialog.getByRole("button", { name: "Save" }).click();
      await expect(dialog).toBeHidden();
      await run(page, "first-chat");
      await expect(cell(page, "first-chat").locator(".model-line")).toContainText(`Answered by ${TINY} via ${allowed.url}`);
      expect(await metric(allowed.url, /^carnet_http_requests_total\{route="chat",status="200"\}/)).toBe(1);

      dialog = await useCustomUrl(page, `${refusing.url}/v1`);
      await dialog.getByRole("button", { name: "Test" }).click();
      const cors = `${refusing.url} answered, but does not allow requests from this page (${origin}).`;
      await expect(dialog.locator("[data-settings-status]")).toContainText(cors);
      await dialog.getByRole("button", { name: "Save" }).click();
      await run(page, "first-chat");
      const problem = cell(page, "first-chat").locator(".model-problem");
      await expect(problem).toContainText(cors);
      await expect(problem).toContainText(`OLLAMA_ORIGINS=${origin}`);
      // The cell catches the error and says so, so the cells after it can still run.
      await expect(cell(page, "first-chat")).toHaveAttribute("data-state", "ok");
      await expect(cell(page, "first-chat").locator("[data-output]")).toContainText("No answer from meta-llama/Llama-3.1-8B-Instruct");
    } finally {
      await Promise.all([allowed.stop(), refusing.stop()]);
    }
  });
});

test.describe("Hugging Face", () => {
  test("with no network, a clear error within 5 seconds; without a token, a clear error too", async ({ page }) => {
    // No network to Hugging Face: every request to it fails as offline (none leaves this machine).
    let blocked = 0;
    await page.context().route(/^https:\/\/([a-z0-9-]+\.)*huggingface\.co\//, (route) => {
      blocked++;
      return route.abort("internetdisconnected");
    });
    await page.goto(lesson);
    const dialog = await openSettings(page);
    await dialog.getByRole("radio", { name: "Hugging Face" }).check();
    await dialog.getByLabel("Access token").fill(TOKEN);
    await dialog.getByRole("button", { name: "Test" }).click();
    await expect(dialog.locator("[data-settings-status]")).toContainText("Could not reach Hugging Face", { timeout: limit(5000) });
    await dialog.getByRole("button", { name: "Save" }).click();

    await run(page, "first-chat");
    const problem = cell(page, "first-chat").locator(".model-problem");
    await expect(problem).toContainText("Could not reach Hugging Face: there is no network connection, or something blocks it.", { timeout: limit(5000) });
    await expect(problem).toContainText("choose this site's server or your own server under Models");
    expect(blocked, "requests to Hugging Face were made, and stopped here").toBeGreaterThan(0);

    const again = await openSettings(page);
    await again.getByRole("button", { name: "Forget token and key" }).click();
    await again.getByRole("button", { name: "Close" }).last().click();
    await run(page, "first-chat");
    await expect(cell(page, "first-chat").locator(".model-problem")).toContainText("Hugging Face needs your access token", { timeout: limit(5000) });
  });
});

test.describe("the token", () => {
  test("is absent from the DOM, outputs and storage unless remembered, and gone after Forget", async ({ page }) => {
    const printer = `console.log("token:", process.env.HF_TOKEN);
console.log({ headers: { Authorization: \`Bearer \${process.env.HF_TOKEN}\` } });`;
    await editCell(page, "openness-score", printer);
    await page.goto(lesson);

    let dialog = await openSettings(page);
    await dialog.getByRole("radio", { name: "Hugging Face" }).check();
    await dialog.getByLabel("Access token").fill(TOKEN);
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();

    let held = await pageHolds(page);
    expect(held.html).not.toContain(TOKEN);
    expect(held.inputs).not.toContain(TOKEN);
    expect(held.local).not.toContain(TOKEN);
    expect(held.cookies).not.toContain(TOKEN);
    // Kept for this browser session only.
    expect(held.session).toContain(TOKEN);

    await run(page, "openness-score");
    const output = cell(page, "openness-score").locator("[data-output]");
    await expect(output).toContainText("token: ••••••••");
    await expect(output).toContainText("Bearer ••••••••");
    expect((await pageHolds(page)).html).not.toContain(TOKEN);

    dialog = await openSettings(page);
    await expect(dialog.getByLabel("Access token")).toHaveValue("");
    await expect(dialog.locator("[data-secret-state=token]")).toHaveText(`Saved token: hf_••••••••${TOKEN.slice(-4)} (until you close the browser).`);
    await dialog.getByRole("checkbox", { name: "Remember the token and key on this device" }).check();
    await dialog.getByRole("button", { name: "Save" }).click();
    held = await pageHolds(page);
    expect(held.local).toContain(TOKEN);
    expect(held.session).not.toContain(TOKEN);
    expect(held.html).not.toContain(TOKEN);

    dialog = await openSettings(page);
    await dialog.getByRole("button", { name: "Forget token and key" }).click();
    await expect(dialog.locator("[data-settings-status]")).toContainText("The token and key were removed from this browser");
    await expect(dialog.locator("[data-secret-state=token]")).toHaveText("No token saved.");
    held = await pageHolds(page);
    for (const place of [held.html, held.inputs, held.session, held.local, held.cookies]) expect(place).not.toContain(TOKEN);
    await dialog.getByRole("button", { name: "Close" }).last().click();

    await run(page, "openness-score");
    await expect(output).toContainText("token: undefined");
  });
});

test.describe("the settings panel", () => {
  test("works from the keyboard, offers this site's server as the default, and has no axe violations", async ({ page }) => {
    await page.goto(lesson);
    const open = page.getByRole("button", { name: "Models" });
    await open.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Model settings" });
    await expect(dialog).toBeVisible();
    const site = dialog.getByRole("radio", { name: /This site's server/ });
    await expect(site).toBeChecked();
    await expect(dialog.locator("[data-site-models]")).toContainText(`${TINY} (tiny demo model)`);
    await expect(site).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(dialog.getByRole("radio", { name: /In this browser/ })).toBeChecked();
    await expect(dialog.getByLabel("Model", { exact: true })).toBeVisible();
    await page.keyboard.press("ArrowDown");
    await expect(dialog.getByRole("radio", { name: "Hugging Face" })).toBeChecked();
    await expect(dialog.getByLabel("Access token")).toBeVisible();
    const results = await new AxeBuilder({ page }).include("#model-settings").analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(open).toBeFocused();
  });
});
