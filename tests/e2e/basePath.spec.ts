import { test, expect } from "@playwright/test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startStaticHost, type StaticHost } from "../support/staticHost.ts";

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
  test.setTimeout(600_000);
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
  test.setTimeout(120_000);
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

test("a lesson's compiled cells come from their own file under the base, fetched on the first intent", async ({ page }) => {
  const requested: string[] = [];
  page.on("request", (request) => requested.push(new URL(request.url()).pathname));
  const html = await (await fetch(`${host.url}${base}en/lessons/welcome/`)).text();
  expect(html).not.toMatch(/"compiled":\{"ok"/);
  await page.goto(`${host.url}${base}en/lessons/welcome/`);
  await page.waitForLoadState("networkidle");
  expect(requested.filter((path) => path.includes("/cells/"))).toEqual([]);
  const cell = page.locator('[data-cell="greeting"]');
  await cell.locator('[data-action="run"]').click();
  await expect(cell.locator("[data-output]")).toHaveText("Hello, Ada!", { timeout: 30_000 });
  await expect(cell).toHaveAttribute("data-compiled-by", "build");
  expect(requested.filter((path) => path.includes("/cells/"))).toEqual([expect.stringMatching(new RegExp(`^${base}_astro/cells/welcome\\.[0-9a-f]{16}\\.json$`))]);
});

test("the root sends the reader to their language, the picker and search stay under the base, and a cell runs", async ({ page }) => {
  test.setTimeout(90_000);
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
  await expect(cell.locator("[data-output]")).toHaveText("Hello, Ada!", { timeout: 30_000 });

  await page.locator("[data-language-picker] summary").click();
  await page.locator("[data-language-picker]").getByRole("link", { name: "Français" }).click();
  await expect(page).toHaveURL(`${host.url}${base}fr/lessons/welcome/`);

  await page.getByRole("searchbox").fill("cellule");
  const hit = page.locator("[data-search-results] a.search-result-title").first();
  await expect(hit).toBeVisible({ timeout: 60_000 });
  await expect(hit).toHaveAttribute("href", new RegExp(`^${base}fr/lessons/`));
  expect(failed).toEqual([]);
});
