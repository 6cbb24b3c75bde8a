import { test } from "node:test";
import assert from "node:assert/strict";
import { planPrerequisites, type CellState } from "../../../src/notebook/page/prerequisites.ts";

const cell = (names: string[], uses: string[], ran = false): CellState => ({ names, uses, ran });

test("prerequisites: an earlier cell that defines a used name runs first", () => {
  const cells = [cell(["models"], []), cell(["client", "chatModel", "reply"], ["process", "console"]), cell(["printer"], ["client", "chatModel", "console"])];
  assert.deepEqual(planPrerequisites(cells, 2), [{ index: 1, provides: ["client", "chatModel"] }]);
});

test("prerequisites: needs are followed through earlier cells, in page order", () => {
  const cells = [cell(["client"], []), cell(["ask"], ["client"]), cell(["comparison"], ["ask"]), cell(["codeRuns"], ["ask"]), cell([], ["comparison", "codeRuns"])];
  assert.deepEqual(planPrerequisites(cells, 4), [
    { index: 0, provides: ["client"] },
    { index: 1, provides: ["ask"] },
    { index: 2, provides: ["comparison"] },
    { index: 3, provides: ["codeRuns"] },
  ]);
});

test("prerequisites: a cell that already ran with its code is not run again, nor what it needed", () => {
  const cells = [cell(["client"], []), cell(["ask"], ["client"], true), cell([], ["ask"])];
  assert.deepEqual(planPrerequisites(cells, 2), []);
});

test("prerequisites: the nearest earlier definition is run when none has run", () => {
  const cells = [cell(["x"], []), cell(["x"], []), cell([], ["x"])];
  assert.deepEqual(planPrerequisites(cells, 2), [{ index: 1, provides: ["x"] }]);
  assert.deepEqual(planPrerequisites([cell(["x"], [], true), cell(["x"], []), cell([], ["x"])], 2), []);
});

test("prerequisites: names defined nowhere earlier, later cells and the cell's own names are left alone", () => {
  const cells = [cell([], ["console"]), cell(["a"], ["a", "later", "nowhere"]), cell(["later"], [])];
  assert.deepEqual(planPrerequisites(cells, 1), []);
  assert.deepEqual(planPrerequisites(cells, 0), []);
});
