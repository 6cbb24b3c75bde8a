import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect as nodeInspect, format as nodeFormat } from "node:util";
import { inspect, formatLogArgs, tableData, drawTable } from "../../../src/notebook/kernel/formatValue.ts";

class Point {
  x = 1;
  y = 2;
}
class Empty {}
class Base {}
class Derived extends Base {}
const circular: Record<string, unknown> = { name: "loop" };
circular.self = circular;
const nested = { a: { b: { c: { d: 1 } } } };
const nullProto = Object.assign(Object.create(null), { a: 1 });
const holes = [1, , , 4];
const withProps = Object.assign([1, 2], { extra: true });
const getter = { get g() { return 1; }, set s(_v: number) {}, get gs() { return 1; }, set gs(_v: number) {} };

const values: [string, unknown][] = [
  ["string", "text"],
  ["number", 42],
  ["negative zero", -0],
  ["bigint", 10n],
  ["boolean", true],
  ["null", null],
  ["undefined", undefined],
  ["symbol", Symbol("s")],
  ["empty object", {}],
  ["object", { a: 1, b: "x", "c-d": [1, 2] }],
  ["quotes", { s: "it's", t: `both ' and "` }],
  ["escapes", { s: "a\nb\tc" }],
  ["nested past depth", nested],
  ["array", [1, 2, 3]],
  ["empty array", []],
  ["seven numbers", [1, 2, 3, 4, 5, 6, 7]],
  ["long number array", Array.from({ length: 30 }, (_, i) => i * 7)],
  ["long string array", Array.from({ length: 12 }, (_, i) => `item-${i}`)],
  ["over 100 items", Array.from({ length: 120 }, (_, i) => i)],
  ["array of objects", [{ a: 1, b: 2 }, { a: 3, b: 4 }]],
  ["holes", holes],
  ["array with property", withProps],
  ["map", new Map<unknown, unknown>([["a", 1], [{ k: 1 }, [2]]])],
  ["empty map", new Map()],
  ["set", new Set([1, "two", { three: 3 }])],
  ["class instance", new Point()],
  ["empty class instance", new Empty()],
  ["class", Derived],
  ["function", function named() {}],
  ["arrow", () => 1],
  ["async function", async function load() {}],
  ["date", new Date(Date.UTC(2026, 10, 26, 12, 0, 0))],
  ["invalid date", new Date(Number.NaN)],
  ["regexp", /a+b/gi],
  ["circular", circular],
  ["null prototype", nullProto],
  ["getters", getter],
  ["typed array", new Uint8Array([1, 2, 3])],
  ["boxed", new Number(3)],
  ["wide object", { alpha: "a long string value", beta: "another long string value", gamma: 3 }],
  ["deep arrays", [[1, [2, [3, [4]]]]]],
  ["long multiline string", { s: "line one is here\nline two is here\nline three is here and it is quite long to go" }],
  ["symbol key", { [Symbol("k")]: 1, a: 2 }],
  ["object in map in array", [new Map([["k", { v: [1, 2, 3] }]])]],
];

for (const [name, value] of values) {
  test(`inspect matches Node: ${name}`, () => {
    assert.equal(inspect(value), nodeInspect(value));
  });
}

const argLists: [string, unknown[]][] = [
  ["plain strings", ["a", "b"]],
  ["string and object", ["value:", { a: 1 }]],
  ["%s and %d", ["%s has %d items", "list", 3]],
  ["%i and %f", ["%i %f", "42.5px", "1.5"]],
  ["%j", ["%j", { a: [1] }]],
  ["%o and %O", ["%O", { a: 1 }]],
  ["%c dropped", ["%cstyled", "color: red"]],
  ["%% literal", ["100%% sure", 1]],
  ["extra args", ["%s", "a", "b", 3]],
  ["no args", []],
  ["number first", [1, "a"]],
];

for (const [name, args] of argLists) {
  test(`formatLogArgs matches Node's util.format: ${name}`, () => {
    assert.equal(formatLogArgs(args), nodeFormat(...args));
  });
}

test("tableData and drawTable draw console.table's box", () => {
  const table = tableData([{ a: 1, b: "x" }, { a: 22 }])!;
  assert.deepEqual(table.columns, ["(index)", "a", "b"]);
  assert.equal(
    drawTable(table),
    [
      "┌─────────┬────┬─────┐",
      "│ (index) │ a  │ b   │",
      "├─────────┼────┼─────┤",
      "│ 0       │ 1  │ 'x' │",
      "│ 1       │ 22 │     │",
      "└─────────┴────┴─────┘",
    ].join("\n"),
  );
  assert.equal(tableData(5), undefined);
});
