/**
 * Token probabilities from a cell on this site's server (its tiny model):
 * the answer has 5 alternatives per token, and `display` of one entry draws
 * the bar chart, an image with its text alternative, in English and in
 * Arabic (mirrored, labels and numbers in Arabic). A server that answers
 * without them, and a request out of bounds, get their messages.
 */
import { test, expect, type Locator, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { limit } from "../support/timeLimits.ts";

const LESSON = "open-source-models";
const CELL = "first-chat";

/** The cell asks for probabilities (whole or streamed), checks their shape, and displays the first token's. */
const probabilityCell = (stream: boolean) => `import { InferenceClient } from "@huggingface/inference";
const client = new InferenceClient(process.env.HF_TOKEN);
const request = { model: "carnet-tiny-demo", messages: [{ role: "user" as const, content: "Hi" }], max_tokens: 4, logprobs: true, top_logprobs: 5 };
let entries: { token: string; logprob: number; top_logprobs: { token: string; logprob: number }[] }[] = [];
if (${stream}) {
  for await (const chunk of client.chatCompletionStream(request)) entries.push(...(chunk.choices[0]?.logprobs?.content ?? []));
} else {
  const answer = await client.chatCompletion(request);
  entries = answer.choices[0]!.logprobs!.content!;
}
const shaped = entries.every((e) => {
  const p = e.top_logprobs.map((a) => Math.exp(a.logprob));
  return p.length === 5 && p.every((x, i) => i === 0 || p[i - 1]! >= x) && p.reduce((a, b) => a + b, 0) <= 1 + 1e-6;
});
console.log("entries " + entries.length + ", five descending alternatives each: " + shaped);
display(entries[0]);`;

// A model call and an accessibility scan in each: room for a busy machine.
test.describe.configure({ timeout: limit(120_000) });

async function openWithCell(page: Page, locale: string, stream: boolean): Promise<Locator> {
  await page.addInitScript(({ key, code }) => localStorage.setItem(key, code), { key: `carnet:cell:${LESSON}:${CELL}`, code: probabilityCell(stream) });
  await page.goto(`/${locale}/lessons/${LESSON}/`);
  const cell = page.locator(`#cell-${CELL}`);
  await cell.locator('button[data-action="run"]').click();
  await expect(cell).toHaveAttribute("data-state", "ok", { timeout: limit(20_000) });
  await expect(cell.locator("[data-output]")).toContainText("entries 4, five descending alternatives each: true");
  return cell;
}

/** Where the first row's label and bar are drawn, in page pixels. */
async function labelAndBar(chart: Locator): Promise<{ label: number; bar: number }> {
  const row = chart.locator("g.dist-row").first();
  const label = (await row.locator("text.dist-label").boundingBox())!;
  const bar = (await row.locator("rect.dist-bar").boundingBox())!;
  return { label: label.x + label.width / 2, bar: bar.x + bar.width / 2 };
}

test("English: the chart of the first token's alternatives is visible and has its text alternative", async ({ page }) => {
  const cell = await openWithCell(page, "en", false);
  const figure = cell.locator("figure.out-distribution");
  await expect(figure).toBeVisible();
  await expect(figure.locator("figcaption")).toContainText(/^Next token: .+, probability \u2068[\d.]+%\u2069$/);
  const chart = figure.getByRole("img");
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAttribute("aria-label", /^Bar chart of the most likely next tokens, most likely first: .+ [\d.]+% \(chosen\)/);
  // Five alternatives, and the chosen token once (a sixth row only if it is not among them).
  expect(await chart.locator("g.dist-row").count()).toBeGreaterThanOrEqual(5);
  await expect(chart.locator("g.dist-chosen")).toHaveCount(1);
  await expect(chart.locator("g.dist-chosen text.dist-value")).toContainText("chosen");
  const { label, bar } = await labelAndBar(chart);
  expect(label).toBeLessThan(bar);
  const axe = await new AxeBuilder({ page }).include("figure.out-distribution").analyze();
  expect(axe.violations).toEqual([]);
});

test("Arabic, streamed: the chart is mirrored and speaks Arabic", async ({ page }) => {
  const cell = await openWithCell(page, "ar", true);
  const figure = cell.locator("figure.out-distribution");
  await expect(figure).toBeVisible();
  await expect(figure.locator("figcaption")).toContainText("الرمز التالي");
  const chart = figure.getByRole("img");
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAttribute("aria-label", /^مخطط أعمدة للرموز التالية.*\(المختار\)/);
  await expect(chart.locator("g.dist-chosen text.dist-value")).toContainText("المختار");
  // Percentages as the page's language writes them.
  const percent = new Intl.NumberFormat("ar", { style: "percent" }).formatToParts(0.5).find((p) => p.type === "percentSign")!.value;
  await expect(chart.locator("text.dist-value").first()).toContainText(percent);
  const { label, bar } = await labelAndBar(chart);
  expect(label).toBeGreaterThan(bar);
  const axe = await new AxeBuilder({ page }).include("figure.out-distribution").analyze();
  expect(axe.violations).toEqual([]);
});

/** An OpenAI-compatible server that ignores the probability fields, as some providers do; CORS open to any page. */
async function serverWithoutProbabilities(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    res.setHeader("access-control-allow-origin", "*");
    res.setHeader("access-control-allow-headers", "*");
    if (req.method === "OPTIONS") return void res.writeHead(204).end();
    if (req.url === "/v1/models") return void res.writeHead(200, { "content-type": "application/json" }).end('{"object":"list","data":[{"id":"plain","object":"model"}]}');
    req.resume();
    req.on("end", () => {
      const answer = { id: "c1", object: "chat.completion", created: 1, model: "plain", system_fingerprint: null, usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ...answer, choices: [{ index: 0, message: { role: "assistant", content: "Hello" }, logprobs: null, finish_reason: "stop" }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test("a server that answers without probabilities: the reader is told which backends return them", async ({ page }) => {
  const plain = await serverWithoutProbabilities();
  try {
    await page.addInitScript(({ key, code }) => localStorage.setItem(key, code), { key: `carnet:cell:${LESSON}:${CELL}`, code: probabilityCell(false) });
    await page.goto(`/en/lessons/${LESSON}/`);
    await page.getByRole("button", { name: "Models" }).click();
    const dialog = page.getByRole("dialog", { name: "Model settings" });
    await dialog.getByRole("radio", { name: "Custom OpenAI-compatible URL" }).check();
    await dialog.getByLabel("Base URL").fill(`${plain.url}/v1`);
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    const cell = page.locator(`#cell-${CELL}`);
    await cell.locator('button[data-action="run"]').click();
    await expect(cell).toHaveAttribute("data-state", "error", { timeout: limit(20_000) });
    const problem = cell.locator('.model-line[data-problem="noLogprobs"]');
    await expect(problem).toContainText(`${plain.url} does not return token probabilities (logprobs) for this model.`);
    await expect(problem).toContainText("this site's server (npm start) and the engine in this browser both return them");
  } finally {
    await plain.close();
  }
});

test("Arabic: top_logprobs out of bounds is refused before sending, with the rule in Arabic", async ({ page }) => {
  const code = probabilityCell(false).replace("top_logprobs: 5", "top_logprobs: 21");
  await page.addInitScript(({ key, code }) => localStorage.setItem(key, code), { key: `carnet:cell:${LESSON}:${CELL}`, code });
  await page.goto(`/ar/lessons/${LESSON}/`);
  const cell = page.locator(`#cell-${CELL}`);
  await cell.locator('button[data-action="run"]').click();
  await expect(cell).toHaveAttribute("data-state", "error", { timeout: limit(20_000) });
  const problem = cell.locator('.model-line[data-problem="badField"]');
  await expect(problem).toContainText("الحقل top_logprobs في الطلب خارج الحدود");
  await expect(problem).toContainText("عددًا صحيحًا من 0 إلى 20");
});
