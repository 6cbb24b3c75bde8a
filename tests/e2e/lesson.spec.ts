import { readFileSync } from "node:fs";
import { test, expect, type Page } from "@playwright/test";
import { localeCodes as locales } from "../../src/i18n/locales.ts";
import { artefacts, modelsSchema, opennessScore, parseLessonData } from "../../src/course/lessonModels.ts";
import { limit } from "../support/timeLimits.ts";

const lesson = "open-source-models";

/** The openness table's "release" and "score" columns, as each translation labels them. */
const columns: Record<string, [string, string]> = {
  en: ["release", "score"],
  fr: ["version", "score"],
  es: ["versión", "puntuación"],
  de: ["Version", "Punkte"],
  "pt-BR": ["versão", "pontuação"],
  ja: ["モデル", "点数"],
  "zh-CN": ["版本", "得分"],
  ar: ["الإصدار", "النقاط"],
};

/** Runs the openness cell and returns its table's release and score columns. */
async function runOpennessCell(page: Page, locale: string): Promise<string[][]> {
  const cell = page.locator('[data-cell="openness-score"]');
  await cell.locator('[data-action="run"]').click();
  await expect(cell).toHaveAttribute("data-state", "ok", { timeout: limit(15_000) });
  const table = cell.locator("[data-output] table");
  const headers = await table.locator("thead th").allTextContents();
  const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td, th")].map((c) => c.textContent?.trim() ?? "")));
  const release = headers.indexOf((columns[locale] ?? columns.en!)[0]);
  const score = headers.indexOf((columns[locale] ?? columns.en!)[1]);
  expect(release).toBeGreaterThanOrEqual(0);
  expect(score).toBeGreaterThanOrEqual(0);
  const text = (cell: string) => cell.replace(/^'(.*)'$/, "$1");
  return rows.map((r) => [text(r[release]!), text(r[score]!)]);
}

/** What the cell prints in every language: the families of models.json, most open first (ties in file order). */
const data = parseLessonData("models.json", modelsSchema, JSON.parse(readFileSync(`content/lessons/${lesson}/models.json`, "utf8")));
const expected = [...data.families]
  .sort((a, b) => opennessScore(b) - opennessScore(a))
  .map((f) => [f.opennessOf, `${opennessScore(f)}/${artefacts.length}`]);

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
      const result = await runOpennessCell(page, locale);
      await expect(cell.locator(".recorded")).toHaveCount(0);
      expect(result).toEqual(expected);
      // Controls are named as the interface names them.
      const runLabel = await cell.locator('[data-action="run"]').textContent();
      await expect(page.locator("kbd.ui-label").first()).toBeVisible();
      expect(await page.locator("kbd.ui-label").allTextContents()).toContain(runLabel?.trim());
      expect(errors).toEqual([]);
    });
  }
});
