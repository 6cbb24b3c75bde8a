import { test, expect, chromium, type BrowserContext, type Page } from "@playwright/test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startStaticHost, type StaticHost } from "../support/staticHost.ts";
import { recordStreamUpdates, streamUpdates } from "../support/streamUpdates.ts";
import { chromiumLaunchOptions } from "../../src/cli/chromium.ts";
import { limit } from "../support/timeLimits.ts";

/**
 * The site built with SITE_BASE=/course/ and served from a plain static
 * host under /course/ (as on https://<org>.github.io/course/).
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const base = "/course/";
let outDir: string;
let host: StaticHost;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  // A full build of the site: minutes on a busy machine.
  test.setTimeout(limit(600_000));
  outDir = join(mkdtempSync(join(tmpdir(), "carnet-base-")), "dist");
  const build = spawnSync(process.execPath, [join(root, "src/cli/build.ts"), "--out-dir", outDir], {
    cwd: root,
    env: { ...process.env, SITE_BASE: base },
    encoding: "utf8",
  });
  expect(build.status, build.stdout + build.stderr).toBe(0);
  host = await startStaticHost(outDir, base);
});

test.afterAll(async () => {
  await host?.stop();
  if (outDir) rmSync(join(outDir, ".."), { recursive: true, force: true });
});

/** Every address an HTML page refers to (links, scripts, styles, icons, images). */
function references(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
}

test("a crawl from the root reaches every page and finds no broken link or asset", async () => {
  test.setTimeout(limit(120_000));
  const start = `${host.url}${base}`;
  const queue = [start];
  const seen = new Set(queue);
  const broken: string[] = [];
  const outside: string[] = [];
  let pages = 0;
  while (queue.length > 0) {
    const url = queue.shift()!;
    const response = await fetch(url);
    if (!response.ok) {
      broken.push(`${new URL(url).pathname} → ${response.status}`);
      continue;
    }
    if (!(response.headers.get("content-type") ?? "").startsWith("text/html")) continue;
    pages++;
    for (const ref of references(await response.text())) {
      const target = new URL(ref, url);
      if (target.origin !== host.url) continue; // canonical and hreflang name the public site
      target.hash = "";
      if (!target.pathname.startsWith(base)) outside.push(`${new URL(url).pathname} → ${ref}`);
      if (!seen.has(target.href)) {
        seen.add(target.href);
        queue.push(target.href);
      }
    }
  }
  expect(outside).toEqual([]);
  expect(broken).toEqual([]);
  // The root, 8 course indexes and every lesson in every language.
  expect(pages).toBeGreaterThanOrEqual(1 + 8 + 2 * 8);
});

test("an unknown address gets the 404 page, whose links and scripts work under the base", async ({ page }) => {
  const failed: string[] = [];
  page.on("response", (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== "document") failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });
  const response = await page.goto(`${host.url}${base}nowhere/`);
  expect(response?.status()).toBe(404);
  await page.waitForLoadState("networkidle");
  expect(failed).toEqual([]);
  await expect(page.locator("h1")).toHaveText("Page not found");
  await expect(page.locator(".language-list a").first()).toHaveAttribute("href", `${base}en/`);
  await page.locator(".language-list a").nth(1).click();
  await expect(page).toHaveURL(`${host.url}${base}fr/`);
});

test("a lesson's compiled cells, the notebook's strings and the model data come from their own files under the base, fetched on the first intent", async ({ page }) => {
  const requested: string[] = [];
  page.on("request", (request) => requested.push(new URL(request.url()).pathname));
  const html = await (await fetch(`${host.url}${base}en/lessons/welcome/`)).text();
  expect(html).not.toMatch(/"compiled":\{"ok"/);
  await page.goto(`${host.url}${base}en/lessons/welcome/`);
  await page.waitForLoadState("networkidle");
  expect(requested.filter((path) => path.includes("/cells/"))).toEqual([]);
  const cell = page.locator('[data-cell="greeting"]');
  await cell.locator('[data-action="run"]').click();
  await expect(cell.locator("[data-output]")).toHaveText("Hello, Ada!", { timeout: limit(30_000) });
  await expect(cell).toHaveAttribute("data-compiled-by", "build");
  expect(requested.filter((path) => path.includes("/cells/"))).toEqual([expect.stringMatching(new RegExp(`^${base}_astro/cells/welcome\\.[0-9a-f]{16}\\.json$`))]);
  const data = () => requested.filter((path) => path.includes("/_astro/data/")).sort();
  const expected = [
    expect.stringMatching(new RegExp(`^${base}_astro/data/models\\.en\\.[0-9a-f]{16}\\.json$`)),
    expect.stringMatching(new RegExp(`^${base}_astro/data/notebook\\.en\\.[0-9a-f]{16}\\.json$`)),
  ];
  expect(data()).toEqual(expected);
  // The Models panel reads the same file: its form comes from it, and nothing is fetched again.
  await page.locator("[data-settings-open]").click();
  await expect(page.locator("#model-settings-title")).toHaveText("Model settings");
  expect(data()).toEqual(expected);
});

test("the root sends the reader to their language, the picker and search stay under the base, and a cell runs", async ({ page }) => {
  test.setTimeout(limit(90_000));
  const failed: string[] = [];
  page.on("response", (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });
  await page.goto(`${host.url}${base}`);
  await expect(page).toHaveURL(`${host.url}${base}en/`);
  await page.getByRole("link", { name: "How these lessons work" }).click();
  await expect(page).toHaveURL(`${host.url}${base}en/lessons/welcome/`);

  const cell = page.locator('[data-cell="greeting"]');
  await cell.locator('[data-action="run"]').click();
  await expect(cell.locator("[data-output]")).toHaveText("Hello, Ada!", { timeout: limit(30_000) });

  await page.locator("[data-language-picker] summary").click();
  await page.locator("[data-language-picker]").getByRole("link", { name: "Français" }).click();
  await expect(page).toHaveURL(`${host.url}${base}fr/lessons/welcome/`);

  await page.getByRole("searchbox").fill("cellule");
  const hit = page.locator("[data-search-results] a.search-result-title").first();
  await expect(hit).toBeVisible({ timeout: limit(60_000) });
  await expect(hit).toHaveAttribute("href", new RegExp(`^${base}fr/lessons/`));
  expect(failed).toEqual([]);
});

/** Every request a browser context's pages make, by URL (a service worker passing one on is the same request). */
function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on("request", (request) => {
    if (!request.serviceWorker()) urls.push(request.url());
  });
  return urls;
}

const TINY = "carnet-tiny-demo";
// The first model call compiles the engine's 10 MB of wasm: slow on a busy machine.
const ENGINE = { timeout: limit(180_000) };

/**
 * A reader's first click on a static host: the French lesson's streaming
 * cell, with nothing stored and nothing chosen, answers from the engine in
 * this browser (picked for them, and said so) in several visible updates
 * with a token count, and no request leaves the site's base.
 */
async function firstClick(page: Page, requests: string[]): Promise<void> {
  await page.goto(`${host.url}${base}fr/lessons/open-source-models/`);
  const cell = page.locator('[data-cell="streaming-chat"]');
  await recordStreamUpdates(page, "streaming-chat");
  await cell.locator('[data-action="run"]').click();
  const line = cell.locator(".model-line");
  await expect(line).toContainText(`Réponse de ${TINY} via le moteur de ce navigateur`, ENGINE);
  await expect(line).toContainText(/\d+ tokens, [\d,]+ tokens\/s/);
  await expect(line).toContainText("Choisi pour vous");
  await expect(cell.locator(".model-problem")).toHaveCount(0);
  const updates = await streamUpdates(page, "streaming-chat");
  expect(updates.length, `visible updates while streaming: ${JSON.stringify(updates)}`).toBeGreaterThanOrEqual(3);
  const outside = requests.filter((url) => !url.startsWith(`${host.url}${base}`) && !url.startsWith("blob:") && !url.startsWith("data:"));
  expect(outside, "no request leaves the site's base").toEqual([]);
}

test("a fresh private window on a static host: the first Run of a model cell answers from the engine in this browser", async ({ browser }) => {
  test.setTimeout(limit(300_000));
  const context = await browser.newContext();
  const requests = recordRequests(context);
  try {
    await firstClick(await context.newPage(), requests);
  } finally {
    await context.close();
  }
});

test("a fresh persistent profile on a static host: the first Run answers, and after a reload the model comes from the browser's cache", async () => {
  test.setTimeout(limit(300_000));
  const profile = mkdtempSync(join(tmpdir(), "carnet-profile-"));
  const context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
  const requests = recordRequests(context);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await firstClick(page, requests);
    expect(requests.filter((url) => url.endsWith(`/models/${TINY}.gguf`))).toHaveLength(1);

    requests.length = 0;
    await page.reload();
    // The site's isolation worker, registered on the first model call, makes the pages that follow cross-origin isolated: the engine may use threads.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const cell = page.locator('[data-cell="streaming-chat"]');
    await cell.locator('[data-action="run"]').click();
    await expect(cell.locator(".model-line")).toContainText(`Réponse de ${TINY}`, ENGINE);
    expect(requests.filter((url) => url.includes("/models/")), "no model request after the reload").toEqual([]);
    expect(requests.filter((url) => !url.startsWith(`${host.url}${base}`) && !url.startsWith("blob:") && !url.startsWith("data:"))).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

for (const locale of ["en", "ar", "ja"]) {
  for (const width of [320, 360]) {
    test(`the Models dialog fits a ${width} px screen in ${locale}, its close button in view`, async ({ browser }) => {
      const context = await browser.newContext({ viewport: { width, height: 740 } });
      try {
        const page = await context.newPage();
        await page.goto(`${host.url}${base}${locale}/lessons/open-source-models/`);
        await page.locator("[data-settings-open]").first().click();
        const dialog = page.locator("#model-settings");
        await expect(dialog).toBeVisible();
        await expect(dialog.locator("input[name=backend]:checked")).toHaveCount(1);
        const overflow = await dialog.evaluate((box) => {
          const frame = box.getBoundingClientRect();
          const wide = [...box.querySelectorAll<HTMLElement>("*")]
            .filter((e) => e.offsetParent !== null)
            .filter((e) => {
              const r = e.getBoundingClientRect();
              return r.width > 0 && (r.left < frame.left - 1 || r.right > frame.right + 1);
            })
            .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
          return { scroll: box.scrollWidth - box.clientWidth, wide, frame: { left: frame.left, right: frame.right } };
        });
        expect(overflow.scroll, "no horizontal scrolling inside the dialog").toBeLessThanOrEqual(0);
        expect(overflow.wide, "no element wider than the dialog").toEqual([]);
        expect(overflow.frame.left).toBeGreaterThanOrEqual(0);
        expect(overflow.frame.right).toBeLessThanOrEqual(width);
        const close = dialog.locator(".settings-x");
        await expect(close).toBeInViewport({ ratio: 1 });
        await close.click();
        await expect(dialog).toBeHidden();
      } finally {
        await context.close();
      }
    });
  }
}
