/**
 * `npm run record -- --lesson <id> --cell <id> [--cell <id> …] [--locale <code> …]`
 *
 * Runs cells for real — in the built site, in Chromium, through the
 * notebook kernel a reader uses — and stores what they printed in
 * `content/lessons/<lesson>/recorded.json`, with the date and what ran them.
 * Cells run in page order up to the last one named, so names from earlier
 * cells exist. Build the site first (`npm run build`).
 */
import { existsSync, readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { lessonStructure } from "../course/lessonStructure.ts";
import { recordedFileSchema, type RecordedFile } from "../course/recordedOutputs.ts";
import { localeCodes, sourceLocale } from "../i18n/locales.ts";
import { knownLocale, lessonOption } from "./argumentChecks.ts";
import { commandFailure } from "./commandFailure.ts";
import { defineCommand, parseCommandLine } from "./commandLine.ts";
import { onInterrupt } from "./interrupt.ts";
import { statusLine } from "./statusLine.ts";
import { writeFileAtomically } from "./writeFileAtomically.ts";

const command = defineCommand({
  name: "record",
  summary:
    "Runs cells for real, in the built site in Chromium through the notebook kernel a reader uses, and stores what they printed " +
    "in the lesson's recorded.json with the date and what ran them, so readers see an output before they press Run. " +
    "Cells run in page order up to the last one named, so names from earlier cells exist. Build the site first (npm run build).",
  options: {
    lesson: lessonOption,
    cell: { type: "string", value: "<id>", multiple: true, description: "a cell to record (its <Cell id>); at least one" },
    locale: { type: "string", value: "<code>", multiple: true, description: "a language to record in; by default every language", check: knownLocale() },
  },
  examples: [
    { run: "--lesson open-source-models --cell openness-score", says: "record one cell in every language" },
    { run: "--lesson open-source-models --cell openness-score --locale fr --locale ja", says: "only in French and Japanese" },
  ],
  exitCodes: { 1: "a cell did not finish with state ok, or the browser or server failed; nothing was written" },
  interruptible: true,
  check: (values) => ((values.cell as string[]).length === 0 ? "name at least one cell with --cell <id>" : undefined),
});
const { values } = parseCommandLine(command);
const fail: (message: string) => never = commandFailure("record");
const lessonCells = lessonStructure(readFileSync(`content/lessons/${values.lesson}/${sourceLocale}.mdx`, "utf8")).cells.map((c) => c.id);
const unknownCells = values.cell.filter((c) => !lessonCells.includes(c));
if (unknownCells.length > 0) fail(`no cell ${unknownCells.join(", ")} in ${values.lesson}; its cells: ${lessonCells.join(", ")}`);
if (!existsSync(`dist/en/lessons/${values.lesson}/index.html`)) fail(`dist/ has no lesson "${values.lesson}": run npm run build first`);
const locales = values.locale.length > 0 ? values.locale : [...localeCodes];

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
const [{ chromium }, { startServer }, { readSettings }, { chromiumLaunchOptions }, { ensureTinyModel }] = await Promise.all([
  import("@playwright/test"),
  import("../server/main.ts"),
  import("../server/settings.ts"),
  import("./chromium.ts"),
  import("./ensureTinyModel.ts"),
]);
const status = statusLine();
const resources: { close: () => Promise<void> }[] = [];
const closeAll = async () => {
  for (const r of resources.splice(0).reverse()) await r.close().catch(() => {});
};
const interrupt = onInterrupt(async () => {
  status.clear();
  await closeAll();
  console.error(`Stopped: nothing written to ${file}.`);
});

status.set("starting the server and Chromium…");
const settings = readSettings({ ...process.env, PORT: "0", HOST: "127.0.0.1" });
await ensureTinyModel(settings.modelsManifest);
const server = await startServer(settings, { logStream: { write: () => {} } });
resources.push({ close: server.stop });
// Ctrl+C is ours to handle: Playwright's own handler would exit before the server stops.
const browser = await chromium.launch({ ...chromiumLaunchOptions(), handleSIGINT: false, handleSIGTERM: false });
resources.push({ close: () => browser.close() });
const runner = `Carnet notebook kernel, Chromium ${browser.version()}`;
const today = new Date().toISOString().slice(0, 10);
try {
  for (const locale of locales) {
    const page = await browser.newPage();
    await page.goto(new URL(`/${locale}/lessons/${values.lesson}/`, server.url).href);
    const order = await page.locator("[data-cell]").evaluateAll((cells) => cells.map((c) => (c as HTMLElement).dataset.cell!));
    const missing = values.cell.filter((c) => !order.includes(c));
    if (missing.length > 0) throw new Error(`${locale}: the built page has no cell ${missing.join(", ")}; rebuild the site (npm run build)`);
    const last = Math.max(...values.cell.map((c) => order.indexOf(c)));
    for (const cell of order.slice(0, last + 1)) {
      status.running(`${locale}: running ${cell}`);
      const figure = page.locator(`[data-cell="${cell}"]`);
      await figure.locator('[data-action="run"]').click();
      await page.waitForFunction((c) => ["ok", "error", "stopped"].includes(document.querySelector<HTMLElement>(`[data-cell="${c}"]`)!.dataset.state ?? ""), cell, { timeout: 120_000 });
      if (!values.cell.includes(cell)) continue;
      const state = await figure.getAttribute("data-state");
      if (state !== "ok") throw new Error(`${locale}: cell ${cell} ended in state "${state}"; nothing recorded`);
      const text = await outputText(page, cell);
      (data.recorded[locale] ??= {})[cell] = { text, date: today, runner };
      status.print(`${locale} ${cell}: ${text.split("\n").length} lines`);
    }
    await page.close();
  }
  status.clear();
  writeFileAtomically(file, `${JSON.stringify(data, null, 2)}\n`);
  console.log(`wrote ${file}`);
} catch (error) {
  // After Ctrl+C the browser is closed under the running step; the interrupt's clean-up speaks.
  if (!interrupt.signal.aborted) {
    status.clear();
    console.error(`record: ${(error as Error).message}`);
    process.exitCode = 1;
  }
} finally {
  if (!interrupt.signal.aborted) {
    interrupt.dispose();
    await closeAll();
  }
}
