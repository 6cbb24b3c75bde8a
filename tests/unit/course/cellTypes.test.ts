import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { cellTypeProblems, releaseCellTypeChecks } from "../../../src/course/cellTypes.ts";
import type { CellBlock } from "../../../src/course/lessonStructure.ts";

const data = new Map([["prices.json", '{ "inputPerMillion": 0.1 }']]);
const cells = (codeLine: number, code: string): CellBlock[] => [
  { id: "setup", line: codeLine - 2, codeLine, code: 'import prices from "./prices.json" with { type: "json" };' },
  { id: "cost", line: codeLine + 2, codeLine: codeLine + 4, code },
];

describe("a lesson's cell type check", () => {
  it("reports the same mistake in two files with the same cells at each file's own lines", () => {
    const code = "const n: number = prices.inputPerMilion;\nconsole.log(n);";
    const source = cellTypeProblems(cells(10, code), data);
    const translation = cellTypeProblems(cells(30, code), data);
    assert.equal(source.length, 1);
    assert.match(source[0]!.message, /^cell "cost": type error: Property 'inputPerMilion' does not exist/);
    assert.deepEqual([source[0]!.line, source[0]!.column], [14, 26]);
    assert.deepEqual([translation[0]!.line, translation[0]!.column], [34, 26]);
    assert.equal(translation[0]!.message, source[0]!.message);
  });

  it("checks cells that differ, even by a string, on their own", () => {
    const wrong = cellTypeProblems(cells(10, 'const n: number = "one";'), data);
    const right = cellTypeProblems(cells(10, "const n: number = 1;"), data);
    assert.equal(wrong.length, 1);
    assert.deepEqual(right, []);
  });

  it("reports the same once its checker was released", () => {
    const code = "const n: string = prices.inputPerMillion;";
    const before = cellTypeProblems(cells(5, code), data);
    releaseCellTypeChecks();
    assert.deepEqual(cellTypeProblems(cells(5, code), data), before);
    assert.equal(before.length, 1);
  });
});
