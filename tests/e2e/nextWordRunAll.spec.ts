/**
 * "How a model picks its next word" from top to bottom with Run all, in
 * each language listed below, with the tiny demo model:
 *
 * - in the reader's browser, as on a static deploy (no /v1/ API, no token):
 *   every cell ends ok with no uncaught error;
 * - on the site's server (`npm start`), which returns token probabilities:
 *   the cells also print what the text says they print (five candidates for
 *   the first token, identical greedy answers, one answer for the same seed).
 *
 * And the course has it: the index lists it after "Open Source Models",
 * search finds it, and the language picker keeps the reader on it.
 */
import { readFileSync } from "node:fs";
import { test, expect, type Page } from "@playwright/test";
import { lessonStructure } from "../../src/course/lessonStructure.ts";

const lesson = "next-word";
const cellIds = lessonStructure(readFileSync(`content/lessons/${lesson}/en.mdx`, "utf8")).cells.map((c) => c.id);

// A cold browser engine compiles 10 MB of wasm, then the tiny model answers about 30 requests.
test.describe.configure({ timeout: 600_000 });
const LOAD = { timeout: 300_000 };

/**
 * The languages to run, with what the cells print there: the seed cell when the same seed repeats, and the
 * helper when a backend answers without probabilities. Add a language once it is translated.
 */
const locales: Record<string, { sameSeed: string; noProbabilities: string }> = {
  en: { sameSeed: "The same seed gave the same answer twice.", noProbabilities: "answered, but this backend sent no token probabilities." },
};

/** The reader's saved choice of backend; for the browser engine, no site API either, as on a static deploy. */
async function chooseBackend(page: Page, backend: "browser" | "site"): Promise<void> {
  if (backend === "browser") await page.route(/\/v1\//, (route) => route.abort("connectionrefused"));
  await page.addInitScript((kind) => localStorage.setItem("carnet:models", JSON.stringify({ backend: kind })), backend);
}

const output = (page: Page, id: string) => page.locator(`[data-cell="${id}"] [data-output]`);

/** Presses Run all and waits until every cell has ended ok; returns the page's uncaught errors. */
async function runAll(page: Page, locale: string): Promise<string[]> {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`/${locale}/lessons/${lesson}/`);
  await page.locator('[data-action="run-all"]').click();
  for (const id of cellIds) {
    await expect(page.locator(`[data-cell="${id}"]`), `cell ${id}`).toHaveAttribute("data-state", "ok", LOAD);
  }
  await expect(page.locator(".out-error")).toHaveCount(0);
  return errors;
}

for (const [locale, text] of Object.entries(locales)) {
  test(`Run all goes through every cell in ${locale} with the tiny model in this browser`, async ({ page }) => {
    await chooseBackend(page, "browser");
    const errors = await runAll(page, locale);
    // Each cell printed something: an answer, a table, or why the backend could not give one.
    for (const id of cellIds) await expect(output(page, id), `cell ${id}`).not.toBeEmpty();
    // The first token's five candidates, or the message saying this backend sent none.
    const candidates = output(page, "next-token").locator("tbody tr");
    const saysNone = output(page, "next-token").getByText(text.noProbabilities);
    await expect(candidates.or(saysNone).first()).toBeVisible();
    if ((await saysNone.count()) === 0) await expect(candidates).toHaveCount(5);
    expect(errors).toEqual([]);
  });

  test(`Run all goes through every cell in ${locale} on the site's server, which returns token probabilities`, async ({ page }) => {
    await chooseBackend(page, "site");
    const errors = await runAll(page, locale);

    // The first token's five most likely candidates, and the same five reshaped by temperature and top-p.
    await expect(output(page, "next-token").locator("tbody tr")).toHaveCount(5);
    await expect(output(page, "reshape").locator("tbody tr")).toHaveCount(5);
    // One row per token of the greedy answer (max_tokens 8).
    await expect(output(page, "step-by-step").locator("tbody tr")).toHaveCount(8);

    // Greedy decoding gives one answer three times.
    const greedy = output(page, "greedy-vs-sampling").locator("tbody tr");
    await expect(greedy).toHaveCount(6);
    const answers = await Promise.all([0, 1, 2].map((row) => greedy.nth(row).locator("td").last().textContent()));
    expect(new Set(answers).size, answers.join(" / ")).toBe(1);

    // Temperature 0 in the settings table: four runs, one distinct answer.
    const settingsRows = output(page, "same-prompt").locator("tbody tr");
    await expect(settingsRows).toHaveCount(4);
    await expect(settingsRows.first().locator("td").nth(2)).toHaveText("1");

    await expect(output(page, "seeds")).toContainText(text.sameSeed);
    await expect(output(page, "confidently-wrong").locator("tbody tr")).toHaveCount(3);
    expect(errors).toEqual([]);
  });
}

test("the course index lists the lesson after Open Source Models, search finds it, and the language picker keeps it", async ({ page }) => {
  await page.goto("/en/");
  const order = await page.locator("[data-lesson]").evaluateAll((items) => items.map((item) => item.getAttribute("data-lesson")));
  expect(order.indexOf(lesson), order.join(", ")).toBe(order.indexOf("open-source-models") + 1);

  await page.getByRole("searchbox", { name: "Search" }).fill("temperature");
  // The first query loads the search code and its index: room for a busy machine.
  await expect(page.locator(`[data-search-results] a[href^="/en/lessons/${lesson}/"]`).first()).toBeVisible({ timeout: 60_000 });

  await page.goto(`/en/lessons/${lesson}/#seeds`);
  await page.locator("[data-language-picker] summary").click();
  await page.locator("[data-language-picker]").getByRole("link", { name: "Français" }).click();
  await expect(page).toHaveURL(new RegExp(`/fr/lessons/${lesson}/#seeds$`));
  await expect(page.locator("#seeds")).toBeVisible();
});
