import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { codeShape, firstShapeDifference } from "../../../src/course/codeShape.ts";

describe("cell code shape", () => {
  it("ignores comments and the contents of strings and templates", () => {
    const en = 'const name = "Ada"; // who\nconsole.log(`Hello, ${name}!`, \'bye\');\n/* block */';
    const fr = 'const name = "Ada"; // qui\nconsole.log(`Bonjour, ${name} !`, \'au revoir\');\n/* bloc */';
    assert.equal(firstShapeDifference(en, fr), undefined);
  });

  it("finds a renamed identifier, with its line", () => {
    assert.deepEqual(firstShapeDifference("const a = 1;\nlog(a);", "const a = 1;\nlog(b);"), { line: 2, expected: "a", found: "b" });
  });

  it("finds a change inside a template expression", () => {
    const difference = firstShapeDifference("`x ${a + 1} y`", "`x ${a + 2} y`");
    assert.deepEqual(difference, { line: 1, expected: "1", found: "2" });
  });

  it("handles nested braces in templates and regular expressions", () => {
    const code = "const o = `a ${[1].map((n) => { return { n }; })} b`;\nconst re = /}{2}/g;\nconst half = 4 / 2;";
    const texts = codeShape(code).map((t) => t.text);
    assert.ok(texts.includes("`…${") && texts.includes("}…`"));
    assert.ok(texts.includes("/}{2}/g"));
    assert.equal(firstShapeDifference(code, code.replace("`a ", "`autre ")), undefined);
  });

  it("reports a missing or extra token at the end", () => {
    assert.deepEqual(firstShapeDifference("f();", "f()"), { line: 1, expected: ";", found: "(end of code)" });
  });
});
