/**
 * "Open Source Models" from top to bottom with the engine in the reader's
 * browser and the tiny demo model, as on a static deploy (no /v1/ API, no
 * token): Run all reaches the last cell in English, French and Arabic with
 * no error, and what the cells print agrees with what the text says: every
 * answer names the model that answered, the streamed call reports its token
 * count and speed, and the cost cell prices nothing answered by the demo
 * model.
 */
import { readFileSync } from "node:fs";
import { test, expect, type Page } from "@playwright/test";
import { lessonStructure } from "../../src/course/lessonStructure.ts";
import { limit } from "../support/timeLimits.ts";

const lesson = "open-source-models";
const TINY = "carnet-tiny-demo";
const cellIds = lessonStructure(readFileSync(`content/lessons/${lesson}/en.mdx`, "utf8")).cells.map((c) => c.id);

// A cold engine compiles 10 MB of wasm, then the tiny model writes about 2,000 tokens for the whole lesson.
test.describe.configure({ timeout: limit(600_000) });
const LOAD = { timeout: limit(300_000) };

/** What each language's cells print, as its text describes them. */
const printed: Record<string, { answeredBy: string; failed: string; streamedTokens: RegExp; noTotal: string; noPrice: string }> = {
  en: {
    answeredBy: `answered by: ${TINY}`,
    failed: "failed: ",
    streamedTokens: /\d+ tokens in [\d.]+ s = [\d.]+ tokens\/s/,
    noTotal: `None of these ${8} calls was answered by a model in prices.json, so there is no total.`,
    noPrice: "no price for this model",
  },
  fr: {
    answeredBy: `a répondu : ${TINY}`,
    failed: "échec : ",
    streamedTokens: /\d+ tokens en [\d.]+ s = [\d.]+ tokens\/s/,
    noTotal: `Aucun de ces ${8} appels n'a reçu de réponse d'un modèle de prices.json : pas de total.`,
    noPrice: "pas de prix pour ce modèle",
  },
  ar: {
    answeredBy: `أجاب: ${TINY}`,
    failed: "فشل: ",
    streamedTokens: /عدد الرموز: \d+، في [\d.]+ ث، أي [\d.]+ رمز\/ث/,
    noTotal: `لم يُجب نموذج من prices.json عن أيٍّ من هذه الاستدعاءات (عددها ${8})، لذلك لا مجموع.`,
    noPrice: "لا سعر لهذا النموذج",
  },
};

/** The reader's saved choice (as after an earlier visit), and no site API: what a static deploy offers. */
async function browserEngineOnStaticDeploy(page: Page): Promise<void> {
  await page.route(/\/v1\//, (route) => route.abort("connectionrefused"));
  await page.addInitScript(() => localStorage.setItem("carnet:models", JSON.stringify({ backend: "browser" })));
}

const output = (page: Page, id: string) => page.locator(`[data-cell="${id}"] [data-output]`);

for (const [locale, text] of Object.entries(printed)) {
  test(`Run all goes through every cell in ${locale} with the tiny model in this browser, and the outputs match the text`, async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await browserEngineOnStaticDeploy(page);
    await page.goto(`/${locale}/lessons/${lesson}/`);

    await page.locator('[data-action="run-all"]').click();
    for (const id of cellIds) {
      await expect(page.locator(`[data-cell="${id}"]`), `cell ${id}`).toHaveAttribute("data-state", "ok", LOAD);
    }
    await expect(page.locator(".out-error")).toHaveCount(0);

    // Every model cell names the model that answered.
    await expect(output(page, "first-chat")).toContainText(text.answeredBy);
    await expect(output(page, "streaming-chat")).toContainText(text.answeredBy);
    await expect(output(page, "local-run")).toContainText(TINY);
    // Three rows, each answered by the demo model or, if a busy machine made a call time out, saying so (the cell fails soft).
    const rows = output(page, "side-by-side").locator("tbody tr");
    await expect(rows).toHaveCount(3);
    for (const row of await rows.all()) {
      const cells = await row.locator("td").allTextContents();
      expect(cells.some((c) => c.includes(TINY)) || cells.some((c) => c.includes(text.failed)), cells.join(" | ")).toBe(true);
    }

    // The cost cell bills the model that answered: the demo model has no price, so there is no total.
    await expect(output(page, "usage-cost")).toContainText(text.noTotal);
    await expect(output(page, "usage-cost")).toContainText(text.noPrice);

    expect(errors).toEqual([]);

    // The text says every backend of the site, this engine included, reports the streamed call's token count.
    await expect(output(page, "streaming-chat")).toContainText(text.streamedTokens);
  });
}
