/**
 * `npm run record -- --lesson <id> --cell <id> [--cell <id> …] [--locale <code> …]`
 *
 * Runs cells for real — in the built site, in Chromium, through the
 * notebook kernel a reader uses — and stores what they printed in
 * `content/lessons/<lesson>/recorded.json`, with the date and what ran them.
 * Cells run in page order up to the last one named, so names from earlier
 * cells exist. Build the site first (`npm run build`).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { chromium, type Page } from "@playwright/test";
import { recordedFileSchema, type RecordedFile } from "../course/recordedOutputs.ts";
import { localeCodes } from "../i18n/locales.ts";
import { startServer } from "../server/main.ts";
import { readSettings } from "../server/settings.ts";
import { chromiumLaunchOptions } from "./chromium.ts";
import { ensureTinyModel } from "./ensureTinyModel.ts";
import { commandFailure } from "./commandFailure.ts";

const fail: (message: string) => never = commandFailure("record");

const { values } = parseArgs({
  options: {
    lesson: { type: "string" },
    cell: { type: "string", multiple: true, default: [] },
    locale: { type: "string", multiple: true, default: [] },
  },
});
if (!values.lesson || values.cell!.length === 0) fail("--lesson <id> and at least one --cell <id> are required");
if (!existsSync(`dist/en/lessons/${values.lesson}/index.html`)) fail(`dist/ has no lesson "${values.lesson}": run npm run build first`);
const locales = values.locale!.length > 0 ? values.locale! : [...localeCodes];

/** A cell's output as plain text; tables are drawn with box characters, as console.table does in a terminal. */
async function outputText(page: Page, cell: string): Promise<string> {
  return page.locator(`[data-cell="${cell}"] [data-output]`).evaluate((output) => {
    const lines: string[] = [];
    const drawTable = (table: HTMLTableElement) => {
      const rows = [...table.rows].map((r) => [...r.cells].map((c) => (c.textContent ?? "").trim()));
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? "")].length)));
      const pad = (row: string[]) => `│ ${row.map((c, i) => c + " ".repeat(widths[i]! - [...c].length)).join(" │ ")} │`;
      const rule = (l: string, m: string, r: string) => `${l}${widths.map((w) => "─".repeat(w + 2)).join(m)}${r}`;
      lines.push(rule("┌", "┬", "┐"), pad(rows[0]!), rule("├", "┼", "┤"), ...rows.slice(1).map(pad), rule("└", "┴", "┘"));
    };
    for (const child of output.children) {
      const table = child.querySelector("table");
      if (table) drawTable(table);
      else if (!child.classList.contains("recorded")) lines.push((child as HTMLElement).innerText);
    }
    return lines.join("\n");
  });
}

const file = `content/lessons/${values.lesson}/recorded.json`;
const data: RecordedFile = existsSync(file) ? recordedFileSchema.parse(JSON.parse(readFileSync(file, "utf8"))) : { recorded: {} };
const settings = readSettings({ ...process.env, PORT: "0", HOST: "127.0.0.1" });
await ensureTinyModel(settings.modelsManifest);
const server = await startServer(settings, { logStream: { write: () => {} } });
const browser = await chromium.launch(chromiumLaunchOptions());
const runner = `Carnet notebook kernel, Chromium ${browser.version()}`;
const today = new Date().toISOString().slice(0, 10);
try {
  for (const locale of locales) {
    const page = await browser.newPage();
    await page.goto(new URL(`/${locale}/lessons/${values.lesson}/`, server.url).href);
    const order = await page.locator("[data-cell]").evaluateAll((cells) => cells.map((c) => (c as HTMLElement).dataset.cell!));
    const last = Math.max(...values.cell!.map((c) => order.indexOf(c)));
    if (values.cell!.some((c) => !order.includes(c))) fail(`no cell ${values.cell!.filter((c) => !order.includes(c)).join(", ")} in ${values.lesson}`);
    for (const cell of order.slice(0, last + 1)) {
      const figure = page.locator(`[data-cell="${cell}"]`);
      await figure.locator('[data-action="run"]').click();
      await page.waitForFunction((c) => ["ok", "error", "stopped"].includes(document.querySelector<HTMLElement>(`[data-cell="${c}"]`)!.dataset.state ?? ""), cell, { timeout: 120_000 });
      if (!values.cell!.includes(cell)) continue;
      const state = await figure.getAttribute("data-state");
      if (state !== "ok") fail(`${locale}: cell ${cell} ended in state "${state}"; nothing recorded`);
      const text = await outputText(page, cell);
      (data.recorded[locale] ??= {})[cell] = { text, date: today, runner };
      console.log(`${locale} ${cell}: ${text.split("\n").length} lines`);
    }
    await page.close();
  }
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  console.log(`wrote ${file}`);
} finally {
  await browser.close();
  await server.stop();
}
