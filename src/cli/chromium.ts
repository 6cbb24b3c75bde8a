/** Launch options for Debian's Chromium (or Playwright's own where it exists), as the tests use. */
import { existsSync } from "node:fs";
import type { LaunchOptions } from "@playwright/test";

export function chromiumLaunchOptions(): LaunchOptions {
  const executablePath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
  return {
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  };
}
