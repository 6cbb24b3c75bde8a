import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "/work/wt/browser/src/cli/chromium.ts";
const browser = await chromium.launch(chromiumLaunchOptions());
const page = await browser.newPage();
page.on("console", (m) => console.log("console", m.type(), m.text().slice(0, 300)));
page.on("pageerror", (e) => console.log("pageerror", e.message));
page.on("worker", (w) => console.log("worker", w.url().slice(0, 80)));
await page.addInitScript(() => localStorage.setItem("carnet:models", JSON.stringify({ backend: "browser" })));
await page.goto("http://127.0.0.1:4422/en/lessons/open-source-models/");
await page.locator("#cell-first-chat").getByRole("button", { name: "Run", exact: true }).click();
for (let i = 0; i < 20; i++) {
  await page.waitForTimeout(1500);
  console.log(i, (await page.locator("#cell-first-chat [data-output]").textContent())?.slice(0, 200));
}
await browser.close();
