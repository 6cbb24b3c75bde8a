import { test, expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { limit } from "../support/timeLimits.ts";

/** A phone: 360 × 740 CSS pixels, touch. */
test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

/** Pairs of header controls whose boxes overlap. */
async function overlappingHeaderControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = [...document.querySelectorAll<HTMLElement>(".site-title, .search form, .header-tools > *")].filter((e) => e.offsetParent !== null && !e.classList.contains("visually-hidden"));
    const boxes = controls.map((e) => ({ name: e.className || e.tagName, r: e.getBoundingClientRect() }));
    const hits: string[] = [];
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        if (a.r.left < b.r.right - 0.5 && b.r.left < a.r.right - 0.5 && a.r.top < b.r.bottom - 0.5 && b.r.top < a.r.bottom - 0.5) hits.push(`${a.name} × ${b.name}`);
      }
    }
    return hits;
  });
}

/** How many lines of the first element matching `selector` lie wholly on the first screen, counted from its first line (0 if its first line does not). */
async function linesOnFirstScreen(page: Page, selector: string): Promise<number> {
  return page.locator(selector).first().evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    // One box per line fragment, top to bottom; a box whose middle lies below the current line starts the next line.
    const boxes = [...range.getClientRects()].filter((box) => box.width > 0 && box.height > 0).sort((a, b) => a.top - b.top);
    const ordered: { top: number; bottom: number }[] = [];
    for (const box of boxes) {
      const line = ordered.at(-1);
      if (line && (box.top + box.bottom) / 2 < line.bottom) line.bottom = Math.max(line.bottom, box.bottom);
      else ordered.push({ top: box.top, bottom: box.bottom });
    }
    let seen = 0;
    for (const line of ordered) {
      if (line.top < 0 || line.bottom > window.innerHeight + 0.5) break;
      seen++;
    }
    return seen;
  });
}

const cases = [
  { locale: "en", scheme: "light", onThisPage: "On this page" },
  { locale: "en", scheme: "dark", onThisPage: "On this page" },
  { locale: "ar", scheme: "dark", onThisPage: "في هذه الصفحة" },
  { locale: "ja", scheme: "light", onThisPage: "このページの内容" },
] as const;

for (const { locale, scheme, onThisPage } of cases) {
  test(`phone, ${locale}, ${scheme}: the lesson starts on the first screen and nothing overflows`, async ({ page }) => {
    // axe walks every node of a long lesson page: give it room on a busy 2-core machine.
    test.setTimeout(limit(120_000));
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`/${locale}/lessons/open-source-models/`);
    await expect(page.locator("html")).toHaveAttribute("data-theme", scheme);

    // Without scrolling, the whole title and the start of the text: the first paragraph's first lines.
    // How many lines the paragraph takes depends on the fonts (a CJK font sets Japanese larger), so only its start is asked for.
    await expect(page.locator("h1")).toBeInViewport({ ratio: 1 });
    expect(await linesOnFirstScreen(page, ".prose > p"), "lines of the first paragraph on the first screen").toBeGreaterThanOrEqual(2);

    // The table of contents is a closed disclosure above the lesson; the sidebar is gone.
    await expect(page.locator(".page > nav.toc")).toBeHidden();
    const disclosure = page.locator("[data-toc-disclosure]");
    await expect(disclosure.locator("summary")).toHaveText(onThisPage);
    await expect(disclosure.getByRole("link").first()).toBeHidden();
    await disclosure.locator("summary").click();
    const target = disclosure.getByRole("link").nth(2);
    const anchor = (await target.getAttribute("href"))!;
    await target.click();
    await expect(disclosure).not.toHaveAttribute("open");
    await expect(page.locator(anchor)).toBeInViewport();

    // No horizontal page scroll; long code scrolls inside its cell.
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll).toBe(widths.client);
    const wideCode = await page.locator(".cell-source pre").evaluateAll((pres) =>
      pres.filter((p) => p.scrollWidth > p.clientWidth).map((p) => getComputedStyle(p).overflowX),
    );
    expect(wideCode.length).toBeGreaterThan(0);
    for (const overflow of wideCode) expect(overflow).toBe("auto");

    // Header controls and cell toolbars wrap without overlapping.
    expect(await overlappingHeaderControls(page)).toEqual([]);
    const toolbarOverflow = await page.locator(".cell-bar").evaluateAll((bars) => bars.filter((b) => b.scrollWidth > b.clientWidth).length);
    expect(toolbarOverflow).toBe(0);

    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });
}

test("phone: the search box fits the screen and its results stay inside it", async ({ page }) => {
  test.setTimeout(limit(90_000));
  await page.goto("/ar/lessons/welcome/");
  const input = page.getByRole("searchbox");
  await input.fill("خلية");
  const panel = page.locator("[data-search-panel]");
  await expect(panel.locator("li").first()).toBeVisible({ timeout: limit(60_000) });
  const box = (await panel.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(360);
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll).toBe(widths.client);
});
