import { test, expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { localeCodes } from "../../src/i18n/locales.ts";

/** Fails the test on any console error or uncaught exception in the page. */
function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

test.describe("language switching", () => {
  test("switching from a section anchor lands on the same section in the other language", async ({ page }) => {
    const errors = watchConsole(page);
    await page.goto("/fr/lessons/welcome/");
    await page.getByRole("navigation", { name: "Sur cette page" }).or(page.locator(".toc")).getByRole("link", { name: "Exécuter une cellule" }).click();
    await expect(page).toHaveURL(/\/fr\/lessons\/welcome\/#cells$/);
    await page.locator("[data-language-picker] summary").click();
    await page.locator("[data-language-picker]").getByRole("link", { name: "Español" }).click();
    await expect(page).toHaveURL(/\/es\/lessons\/welcome\/#cells$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page.locator("#cells")).toHaveText("Ejecutar una celda");
    await expect(page.locator("#cells")).toBeInViewport();
    expect(errors).toEqual([]);
  });

  test("the picker lists every language in its own name and marks machine translations", async ({ page }) => {
    await page.goto("/en/lessons/welcome/");
    const picker = page.locator("[data-language-picker]");
    await picker.locator("summary").click();
    for (const name of ["English", "Français", "Español", "Deutsch", "Português (Brasil)", "日本語", "简体中文", "العربية"]) {
      await expect(picker.getByRole("link", { name, exact: true })).toBeVisible();
    }
    await expect(picker.locator("li", { has: page.getByRole("link", { name: "Deutsch" }) })).toContainText("machine translation");
    await expect(picker.locator("li", { has: page.getByRole("link", { name: "Français" }) })).toContainText("machine translation");
  });

  test("/ honours the language the reader chose before", async ({ page }) => {
    await page.goto("/en/");
    await page.locator("[data-language-picker] summary").click();
    await page.locator("[data-language-picker]").getByRole("link", { name: "日本語" }).click();
    await expect(page).toHaveURL(/\/ja\/$/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/ja\/$/);
  });

  test("/ follows the browser's languages when there is no choice yet", async ({ browser }) => {
    const context = await browser.newContext({ locale: "pt-PT" });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page).toHaveURL(/\/pt-BR\/$/);
    await context.close();
  });
});

test.describe("translation notices", () => {
  test("a machine translation shows the disclaimer with a link to the source; the source does not", async ({ page }) => {
    await page.goto("/fr/lessons/welcome/");
    const disclaimer = page.locator('[data-notice="machine"]');
    await expect(disclaimer).toBeVisible();
    await expect(disclaimer.getByRole("link")).toHaveAttribute("href", "/en/lessons/welcome/");
    await page.goto("/en/lessons/welcome/");
    await expect(page.locator("[data-notice]")).toHaveCount(0);
  });

  test("the German welcome lesson is a machine translation of its own, not the English fallback", async ({ page }) => {
    await page.goto("/de/lessons/welcome/");
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page.locator('[data-notice="fallback"]')).toHaveCount(0);
    await expect(page.locator('[data-notice="machine"]')).toBeVisible();
    await expect(page.locator("h1")).toHaveText("So funktionieren diese Lektionen");
  });

  test("the course index shows each lesson's state in that language", async ({ page }) => {
    await page.goto("/fr/");
    await expect(page.locator('[data-lesson="welcome"]')).toHaveAttribute("data-status", "current");
  });
});

test.describe("page structure", () => {
  test("Arabic pages are right to left", async ({ page }) => {
    for (const path of ["/ar/", "/ar/lessons/welcome/"]) {
      await page.goto(path);
      await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
      await expect(page.locator("html")).toHaveAttribute("lang", "ar");
    }
  });

  test("the head lists hreflang alternates, x-default, canonical and Open Graph title", async ({ page }) => {
    await page.goto("/fr/lessons/welcome/");
    const hreflangs = await page.locator('link[rel="alternate"]').evaluateAll((links) => links.map((l) => l.getAttribute("hreflang")));
    // Every locale the sample lesson is translated into, plus x-default.
    expect(hreflangs.sort()).toEqual([...localeCodes, "x-default"].sort());
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", /\/fr\/lessons\/welcome\/$/);
    await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", "Comment fonctionnent ces leçons");
    await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", /cellules TypeScript/);
  });

  test("the skip link and the previous and next lesson links work", async ({ page }) => {
    await page.goto("/en/lessons/welcome/");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.locator("#content")).toBeFocused();
    await expect(page.locator('.lesson-nav a[rel="next"]')).toHaveAttribute("href", "/en/lessons/open-source-models/");
    await page.goto("/en/lessons/open-source-models/");
    await expect(page.locator('.lesson-nav a[rel="prev"]')).toHaveAttribute("href", "/en/lessons/welcome/");
    await expect(page.locator('.lesson-nav a[rel="next"]')).toHaveAttribute("href", "/en/lessons/next-word/");
    await page.goto("/en/lessons/next-word/");
    await expect(page.locator('.lesson-nav a[rel="prev"]')).toHaveAttribute("href", "/en/lessons/open-source-models/");
  });

  test("the theme follows the system and the toggle overrides it, remembered", async ({ browser }) => {
    const context = await browser.newContext({ colorScheme: "dark" });
    const page = await context.newPage();
    await page.goto("/en/lessons/welcome/");
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    await page.locator("[data-theme-toggle]").click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    await context.close();
  });

  test("an unknown locale in the address gets a 404 page with the course in each language", async ({ page }) => {
    const response = await page.goto("/xx/lessons/welcome/");
    expect(response?.status()).toBe(404);
    await expect(page.locator("h1")).toHaveText("Page not found");
    await expect(page.locator(".language-list a")).toHaveCount(localeCodes.length);
    await expect(page.locator(".language-list a").first()).toHaveAttribute("href", "/en/");
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a lesson is readable, its cells highlighted, and / offers plain links", async ({ page }) => {
    await page.goto("/fr/lessons/welcome/");
    await expect(page.locator("h1")).toHaveText("Comment fonctionnent ces leçons");
    const cell = page.locator('[data-cell="greeting"]');
    await expect(cell.locator("pre")).toContainText('const greeting = `Bonjour, ${name} !`;');
    await expect(cell.locator("pre span.hl-k").first()).toBeVisible();
    await expect(cell.locator("pre span.hl-k").first()).not.toHaveCSS("color", await cell.locator("pre").evaluate((pre) => getComputedStyle(pre).color));
    await expect(cell.locator("[data-copy]")).toBeHidden();
    // Search runs in the browser: without JS there is no box that cannot work.
    await expect(page.getByRole("searchbox")).toBeHidden();
    await page.goto("/");
    await expect(page.locator(".language-list a")).toHaveCount(localeCodes.length);
  });
});

test.describe("accessibility", () => {
  const pages = [
    ["en", "light", "welcome"],
    ["ar", "dark", "welcome"],
    ["fr", "dark", "welcome"],
    ["en", "light", "open-source-models"],
    ["ar", "light", "open-source-models"],
    ["ja", "dark", "open-source-models"],
    ["en", "dark", "next-word"],
  ] as const;
  for (const [locale, scheme, lesson] of pages) {
    test(`no serious or critical axe violations on a lesson page (${lesson}, ${locale}, ${scheme})`, async ({ browser }) => {
      // axe walks every node of a long lesson page: give it room on a busy 2-core machine.
      test.setTimeout(120_000);
      const context = await browser.newContext({ colorScheme: scheme });
      const page = await context.newPage();
      await page.goto(`/${locale}/lessons/${lesson}/`);
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
      await context.close();
    });
  }
});
