/**
 * The served site under its security headers: a lesson page reports no
 * Content-Security-Policy violation while a plain cell and a model cell
 * run, and it is cross-origin isolated (COOP and COEP), as a multi-threaded
 * WebAssembly engine needs.
 */
import { test, expect, type Page } from "@playwright/test";
import { limit } from "../support/timeLimits.ts";

const lesson = "/en/lessons/open-source-models/";

/** Collects CSP violations from the page and its workers' console. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction("__cspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { __cspViolation: (t: string) => void }).__cspViolation(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return violations;
}

test("a lesson page runs its cells under the CSP, cross-origin isolated, with no violation", async ({ page }) => {
  test.setTimeout(limit(90_000));
  const violations = await watchViolations(page);
  const response = await page.goto(lesson);
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  await page.locator("#cell-openness-score").getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.locator("#cell-openness-score [data-output]")).not.toBeEmpty({ timeout: limit(30_000) });
  await page.locator("#cell-first-chat").getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.locator("#cell-first-chat .model-line")).toContainText("via this site's server", { timeout: limit(30_000) });
  expect(violations).toEqual([]);
});
