import { test, expect, type Page } from "@playwright/test";
import { localeCodes as locales } from "../../src/i18n/locales.ts";

const lesson = "open-source-models";

/** Runs the openness cell and returns its table's release and score columns. */
async function runOpennessCell(page: Page): Promise<string[][]> {
  const cell = page.locator('[data-cell="openness-score"]');
  await cell.locator('[data-action="run"]').click();
  await expect(cell).toHaveAttribute("data-state", "ok", { timeout: 15_000 });
  const table = cell.locator("[data-output] table");
  const headers = await table.locator("thead th").allTextContents();
  const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td, th")].map((c) => c.textContent?.trim() ?? "")));
  const release = headers.indexOf("release");
  const score = headers.indexOf("score");
  expect(release).toBeGreaterThanOrEqual(0);
  expect(score).toBeGreaterThanOrEqual(0);
  const text = (cell: string) => cell.replace(/^'(.*)'$/, "$1");
  return rows.map((r) => [text(r[release]!), text(r[score]!)]);
}

/** What the cell prints in every language (the code is the same; only labels are translated). */
const expected = [
  ["OLMo 2", "7/7"],
  ["SmolLM3", "6.5/7"],
  ["Falcon-40B", "2.5/7"],
  ["Mistral 7B", "2.5/7"],
  ["DeepSeek-R1", "2.5/7"],
  ["Llama 3.1", "2.5/7"],
  ["Qwen3", "2/7"],
  ["gpt-oss", "2/7"],
  ["Gemma 3", "1.5/7"],
];

test.describe("the Open Source Models lesson", () => {
  for (const locale of locales) {
    test(`opens in ${locale}, runs its offline cell and gives the chart a text alternative`, async ({ page }) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      const response = await page.goto(`/${locale}/lessons/${lesson}/`);
      expect(response?.status()).toBe(200);
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await expect(page.locator('[data-notice="fallback"]')).toHaveCount(0);
      await expect(page.locator("h1")).not.toBeEmpty();

      const chart = page.locator('[data-chart="families"]');
      const svg = chart.locator("svg");
      const tableId = await svg.getAttribute("aria-describedby");
      expect(tableId).toBeTruthy();
      await expect(chart.locator(`table#${tableId} tbody tr`)).toHaveCount(await svg.locator(".chart-row").count());
      await expect(chart.locator("figcaption")).not.toBeEmpty();

      // A recorded output from a real run is shown until the reader runs the cell.
      const cell = page.locator('[data-cell="openness-score"]');
      await expect(cell.locator(".recorded")).toBeVisible();
      const result = await runOpennessCell(page);
      await expect(cell.locator(".recorded")).toHaveCount(0);
      expect(result).toEqual(expected);
      expect(errors).toEqual([]);
    });
  }
});
