import { test } from "node:test";
import assert from "node:assert/strict";
import { rewriteCell } from "../../../src/notebook/kernel/rewriteCell.ts";
import { transpile } from "../../../src/notebook/kernel/transpile.ts";
import { CompileError } from "../../../src/notebook/kernel/compileError.ts";

/** [case, TypeScript cell, rewritten body, declared names, has a value]. */
const cases: [string, string, string, string[], boolean][] = [
  ["const", "const a = 1;", ";a = 1;", ["a"], false],
  ["let without value", "let a;", ";a = undefined;", ["a"], false],
  ["var without value keeps the old value", "var v;", ";void 0;", ["v"], false],
  ["several declarators", "let a = 1, b = 2;", ";a = 1, b = 2;", ["a", "b"], false],
  ["object destructuring", "const { x, y: [z = 2, ...w] } = o;", ";({ x, y: [z = 2, ...w] } = o);", ["x", "z", "w"], false],
  ["array destructuring after a line without semicolon", "f()\nconst [a, b] = arr", "f()\n;([a, b] = arr)", ["a", "b"], false],
  ["types are removed", "const n: number = 1;\nlet s = <string>t;", ";n = 1;\n;s = t;", ["n", "s"], false],
  ["function hoisted", "f();\nfunction f() { return 1 }", "f = function () { return 1 };\nf();\n", ["f"], false],
  ["async generator function", "async function* g() {}", "g = async function* () {};\n", ["g"], false],
  ["class", "class A extends B { static s = A }", "A = class A extends B { static s = A };", ["A"], false],
  ["default import", "import x from 'm';", '{ const __m = await __import("m"); x = __m.default; }\n', ["x"], false],
  ["named imports", "import { a, b as c } from 'm';", '{ const __m = await __import("m"); a = __m["a"]; c = __m["b"]; }\n', ["a", "c"], false],
  ["default and named", "import d, { e } from 'm';", '{ const __m = await __import("m"); d = __m.default; e = __m["e"]; }\n', ["d", "e"], false],
  ["namespace import", "import * as ns from 'm';", 'ns = await __import("m");\n', ["ns"], false],
  ["side-effect import", "import 'm';", 'await __import("m");\n', [], false],
  ["type-only import disappears", "import type { T } from 'm';\nlet t: T;", "\n;t = undefined;", ["t"], false],
  ["imports are hoisted above code", "x;\nimport x from 'm';", '{ const __m = await __import("m"); x = __m.default; }\nx;\n', ["x"], false],
  ["export declarations", "export const e = 1;\nexport function f() {}", "f = function () {};\n;e = 1;\n", ["e", "f"], false],
  ["export list is dropped", "const a = 1;\nexport { a };", ";a = 1;\n", ["a"], false],
  ["export default expression", "export default 1 + 1;", ";(1 + 1);", [], false],
  ["export from loads the module", "export * from 'm';", 'await __import("m");', [], false],
  ["last expression is the value", "const a = 1;\na + 1", ";a = 1;\nreturn (a + 1)", ["a"], true],
  ["a declaration last has no value", "1;\nconst a = 2;", "1;\n;a = 2;", ["a"], false],
  ["top-level await", "const r = await load();\nr", ";r = await load();\nreturn (r)", ["r"], true],
  ["for await keeps its own binding", "for await (const c of s) {}", "for await (const c of s) {}", [], false],
  ["var in a loop reaches the scope", "for (var i = 0; i < 2; i++) { var k = i; }", "for (i = 0; i < 2; i++) { ;k = i; }", ["i", "k"], false],
  ["var in for-of and if", "for (var p of q) {}\nif (c) var t = 1;", "for (p of q) {}\nif (c) t = 1;", ["p", "t"], false],
  ["let in a block stays local", "{ let inner = 1; }", "{ let inner = 1; }", [], false],
  ["labels", "outer: for (const a of b) { break outer; }", "outer: for (const a of b) { break outer; }", [], false],
  ["functions keep their locals", "function f() { var local = 1; return local }", "f = function () { var local = 1; return local };\n", ["f"], false],
];

for (const [name, source, expected, names, hasValue] of cases) {
  test(`rewrite: ${name}`, () => {
    const result = rewriteCell(transpile(source).code);
    assert.equal(result.code, expected);
    assert.deepEqual(result.names.sort(), [...names].sort());
    assert.equal(result.hasValue, hasValue);
  });
}

test("rewrite: re-declaring across cells runs without 'already declared'", async () => {
  const scope: Record<string, unknown> = Object.create(null);
  const runCell = async (source: string) => {
    const { code, names } = rewriteCell(transpile(source).code);
    for (const n of names) if (!(n in scope)) scope[n] = undefined;
    const make = new Function("__scope", `with (__scope) return async function () { "use strict";\n${code}\n};`);
    return (make(scope) as () => Promise<unknown>)();
  };
  await runCell("const a = 1;\nfunction get() { return a }");
  await runCell("const a = 2;");
  assert.equal(await runCell("get()"), 2);
  await runCell("class A { v = 1 }");
  await runCell("class A { v = 2 }");
  assert.equal(await runCell("new A().v"), 2);
});

test("rewrite: syntax errors carry the position", () => {
  assert.throws(
    () => transpile("let a = 1;\nlet b = ;"),
    (error: unknown) => error instanceof CompileError && error.kind === "syntax" && error.position?.line === 1 && error.position.column === 8,
  );
});

test("rewrite: runtime namespaces and decorators are refused with a clear message", () => {
  assert.throws(() => transpile("namespace N { export const a = 1 }"), /namespace blocks are not supported in cells/);
  assert.throws(() => transpile("export module M { }"), /module blocks are not supported in cells/);
  assert.throws(() => transpile("@sealed class C {}"), /Decorators are not supported in cells/);
  assert.doesNotThrow(() => transpile("declare namespace D { const x: number }"));
  assert.doesNotThrow(() => transpile("const namespace = 1; const module = { a: namespace };"));
});

test("rewrite: uses lists the names a cell reads or assigns without declaring them", () => {
  const uses = (source: string) => rewriteCell(transpile(source).code).uses.sort();
  assert.deepEqual(uses("const reply = await client.chatCompletion({ model: chatModel });\nconsole.log(reply);"), ["chatModel", "client", "console"]);
  // Locals, parameters, imports and the cell's own top-level names are not uses; types are gone after transpiling.
  assert.deepEqual(uses("import { A } from 'm';\nfunction f(p: Level) { const l = p; return l + A; }\nlet n: OpenRelease;\nn = f(1);"), []);
  assert.deepEqual(uses("total += 1;\nfor (const run of runs) { typeof missing; }"), ["missing", "runs", "total"]);
  assert.deepEqual(uses("class B extends Base { m() { return this.x + helper(); } }"), ["Base", "helper"]);
});
