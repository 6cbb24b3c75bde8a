import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./src/cli/chromium.ts";
import { limit } from "./tests/support/timeLimits.ts";

const port = Number(process.env.E2E_PORT ?? 4329);

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  // Limits grow with the machine's load (tests/support/timeLimits.ts).
  timeout: limit(60_000),
  expect: { timeout: limit(10_000) },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: `PORT=${port} HOST=127.0.0.1 LLAMA_THREADS=1 node src/cli/start.ts`,
    url: `http://127.0.0.1:${port}/en/`,
    reuseExistingServer: !process.env.CI,
    timeout: limit(60_000),
  },
});
