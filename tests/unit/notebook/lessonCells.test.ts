/**
 * Every cell of every lesson, in every language, run in page order by the
 * kernel twice: once compiled in the browser's way, once from the compiled
 * form the build ships. Outputs (numbers and table padding masked: they
 * hold timings) and errors with their cell, line and column must be the
 * same. No model server is reachable here, so model cells end with the
 * same error both ways.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { outputText } from "../../../src/notebook/kernel/kernel.ts";
import { lessonStructure } from "../../../src/course/lessonStructure.ts";
import { readLessons } from "../../../src/course/readLessons.ts";
import type { CompiledBy, OutputItem } from "../../../src/notebook/protocol.ts";
import { harnessKernel } from "./kernelHarness.ts";

const root = fileURLToPath(new URL("../../../content/lessons", import.meta.url));

/** What each cell printed and how it ended, timings masked. */
async function runLesson(cells: { id: string; code: string }[], way: CompiledBy) {
  const { kernel, messages, run: runCell } = harnessKernel(way);
  const results = [];
  for (const [index, cell] of cells.entries()) {
    const run = index + 1;
    await runCell(run, cell.id, cell.code);
    kernel.flush();
    const items: OutputItem[] = messages.flatMap((m) => (m.type === "output" && m.run === run ? m.items : []));
    const done = messages.find((m) => m.type === "done" && m.run === run);
    assert.ok(done?.type === "done");
    assert.equal(done.compiledBy, way);
    const error = done.ok ? undefined : { message: done.error.message, cell: done.error.cell, line: done.error.line, column: done.error.column };
    results.push({ cell: cell.id, output: JSON.stringify(outputText(items)).replace(/\d+(\.\d+)?/g, "N").replace(/[ ─]+/g, " "), error });
  }
  return results;
}

for (const lesson of readdirSync(root).sort()) {
  const files = readLessons(root).filter((file) => file.id === lesson || file.filePath.includes(`${join(root, lesson)}/`));
  const seen = new Set<string>();
  for (const file of files) {
    const cells = lessonStructure(file.text).cells.map(({ id, code }) => ({ id, code }));
    const key = JSON.stringify(cells);
    if (cells.length === 0 || seen.has(key)) continue;
    seen.add(key);
    test(`lesson cells run the same from the build's compiled form: ${file.filePath.slice(root.length + 1)}`, async () => {
      const browser = await runLesson(cells, "browser");
      const build = await runLesson(cells, "build");
      assert.deepEqual(build, browser);
      assert.ok(browser.some((cell) => cell.error === undefined), "no cell of the lesson ran without error");
    });
  }
}
