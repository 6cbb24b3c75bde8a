import { test, expect, type Page } from "@playwright/test";
import { limit } from "../support/timeLimits.ts";

/** Every URL the page requests, from before its first byte. */
function watchRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on("request", (r) => urls.push(new URL(r.url()).pathname));
  return urls;
}

const isSearchCode = (path: string) => path.includes("/pagefind/") || /searchBox/i.test(path);

async function search(page: Page, query: string) {
  const input = page.getByRole("searchbox");
  await input.fill(query);
  const results = page.locator("[data-search-results] > li");
  // The first query loads the search code, a worker, the stemmer and the index: on a busy
  // 2-core machine that took over 20 s (Pagefind falls back from its worker to the page).
  await expect(results.first()).toBeVisible({ timeout: limit(60_000) });
  return results;
}

test.describe("search", () => {
  // Each test loads the search code and an index in a fresh page: room for a busy 2-core machine.
  test.describe.configure({ timeout: limit(90_000) });
  test("a French word finds the French lesson's section and no page of another language", async ({ page }) => {
    const requests = watchRequests(page);
    await page.goto("/fr/");
    await page.waitForLoadState("networkidle");
    expect(requests.filter(isSearchCode)).toEqual([]);
    await page.keyboard.press("/");
    await expect(page.getByRole("searchbox", { name: "Rechercher" })).toBeFocused();
    const results = await search(page, "cellule");
    expect(requests.some((p) => p.endsWith("/pagefind/pagefind.js"))).toBe(true);
    const hrefs = await page.locator("[data-search-results] a").evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^\/fr\/lessons\//);
    const welcome = results.filter({ has: page.locator('a[href="/fr/lessons/welcome/"]') });
    await expect(welcome.locator("a.search-result-title")).toHaveText("Comment fonctionnent ces leçons");
    await expect(welcome.locator('a[href="/fr/lessons/welcome/#cells"]')).toHaveText("Exécuter une cellule");
    await expect(page.locator("[data-search-status]")).toHaveText(/^\d+ résultats?$/);
    await welcome.locator('a[href="/fr/lessons/welcome/#cells"]').click();
    await expect(page).toHaveURL(/\/fr\/lessons\/welcome\/#cells$/);
    await expect(page.locator("#cells")).toBeInViewport();
  });

  test("a French word has no result in English, with a message in English", async ({ page }) => {
    await page.goto("/en/lessons/welcome/");
    await page.getByRole("searchbox", { name: "Search" }).fill("leçons");
    await expect(page.locator("[data-search-status]")).toHaveText("No results for “leçons”. Try another word or fewer words.", { timeout: limit(60_000) });
    await expect(page.locator("[data-search-results] > li")).toHaveCount(0);
  });

  test("Japanese finds Japanese pages", async ({ page }) => {
    await page.goto("/ja/");
    await page.getByRole("searchbox", { name: "検索" }).focus();
    const results = await search(page, "セル");
    await expect(results.locator("a.search-result-title").first()).toHaveAttribute("href", /^\/ja\/lessons\//);
    const hrefs = await page.locator("[data-search-results] a").evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
    for (const href of hrefs) expect(href).toMatch(/^\/ja\/lessons\//);
    await expect(page.locator("[data-search-status]")).toHaveText(/^\d+ 件の結果$/);
  });

  test("Arabic finds Arabic pages, shown right to left", async ({ page }) => {
    await page.goto("/ar/lessons/open-source-models/");
    const results = await search(page, "خلية");
    await expect(results.first()).toHaveAttribute("dir", "rtl");
    await expect(results.first()).toHaveAttribute("lang", "ar");
    const hrefs = await page.locator("[data-search-results] a").evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
    for (const href of hrefs) expect(href).toMatch(/^\/ar\/lessons\//);
    // The panel stays inside the screen on a right-to-left page.
    const box = await page.locator("[data-search-panel]").boundingBox();
    const width = await page.evaluate(() => document.documentElement.clientWidth);
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(width);
  });

  test("keyboard: arrows move through results, Escape closes, / in a field types a slash", async ({ page }) => {
    await page.goto("/en/");
    await page.keyboard.press("/");
    const input = page.getByRole("searchbox", { name: "Search" });
    await expect(input).toBeFocused();
    await search(page, "model");
    await page.keyboard.press("ArrowDown");
    await expect(page.locator("[data-search-results] a").first()).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(input).toBeFocused();
    await expect(page.locator("[data-search-panel]")).toBeHidden();
    await input.fill("");
    await page.keyboard.type("a/b");
    await expect(input).toHaveValue("a/b");
  });
});
