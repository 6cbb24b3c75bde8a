import { test } from "node:test";
import assert from "node:assert/strict";
import { Kernel } from "../../../src/notebook/kernel/kernel.ts";
import { createModuleLoader } from "../../../src/notebook/kernel/modules.ts";
import { codeFrame } from "../../../src/notebook/kernel/errorReport.ts";
import { compileSource } from "../../../src/notebook/kernel/compileSource.ts";
import type { ErrorReport, FromKernel } from "../../../src/notebook/protocol.ts";

async function errorOf(cells: [string, string][]): Promise<ErrorReport | undefined> {
  const messages: FromKernel[] = [];
  const kernel = new Kernel({ post: (m) => messages.push(m), loadModule: createModuleLoader({}, {}), compiler: async () => compileSource });
  let run = 0;
  for (const [cell, code] of cells) await kernel.run(++run, cell, code);
  const done = messages.filter((m) => m.type === "done").at(-1);
  return done && done.type === "done" && !done.ok ? done.error : undefined;
}

test("error position: a runtime error points at the reader's line and column through types", async () => {
  const error = await errorOf([["c", "const a: number = 1;\ninterface P { x: number }\nconst p: P | null = null as P | null;\nconst n: number = p!.x;"]]);
  assert.equal(error?.message, "TypeError: Cannot read properties of null (reading 'x')");
  assert.equal(error?.cell, "c");
  assert.equal(error?.line, 4);
  assert.equal(error?.column, 22);
  assert.match(error?.frame ?? "", /> 4 \| const n: number = p!\.x;\n\s+\|\s+\^/);
});

test("error position: an error in a hoisted function maps to the function's own line", async () => {
  const error = await errorOf([["c", "run();\n\nfunction run(): void {\n  throw new RangeError('too far');\n}"]]);
  assert.equal(error?.message, "RangeError: too far");
  assert.equal(error?.line, 4);
  assert.equal(error?.column, 9);
  assert.match(error?.stack ?? "", /at run \(cell c:4:9\)/);
});

test("error position: a function from an earlier cell names that cell", async () => {
  const error = await errorOf([
    ["first", "function boom() {\n  return undefinedName;\n}"],
    ["second", "const x = 1;\nboom();"],
  ]);
  assert.equal(error?.message, "ReferenceError: undefinedName is not defined");
  assert.equal(error?.cell, "first");
  assert.equal(error?.line, 2);
  assert.match(error?.stack ?? "", /cell second:2:1/);
});

test("error position: syntax errors point into the TypeScript source", async () => {
  const error = await errorOf([["c", "const ok = 1;\nconst broken: string = ;"]]);
  assert.equal(error?.kind, "syntax");
  assert.equal(error?.line, 2);
  assert.equal(error?.column, 24);
});

test("error position: non-Error throws and process.exit get their own message", async () => {
  assert.equal((await errorOf([["c", "throw 'plain'"]]))?.message, "Uncaught 'plain'");
  assert.equal((await errorOf([["c", "process.exit(3)"]]))?.kind, "exit");
});

test("codeFrame marks the line and column", () => {
  assert.equal(codeFrame("a\nbb()\nc", 1, 2), "  1 | a\n> 2 | bb()\n    |   ^\n  3 | c");
});
