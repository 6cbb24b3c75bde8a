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
    assert.deepEqual(firstShapeDifference("const a = 1;\nlog(a);", "const a = 1;\nlog(b);"), {
      line: 2,
      expected: "a",
      found: "b",
      message: "code differs from the source beyond comments and strings: expected `a`, found `b`",
    });
  });

  it("finds a change inside a template expression", () => {
    const difference = firstShapeDifference("`x ${a + 1} y`", "`x ${a + 2} y`");
    assert.deepEqual([difference?.line, difference?.expected, difference?.found], [1, "1", "2"]);
  });

  it("handles nested braces in templates and regular expressions", () => {
    const code = "const o = `a ${[1].map((n) => { return { n }; })} b`;\nconst re = /}{2}/g;\nconst half = 4 / 2;";
    const texts = codeShape(code).map((t) => t.text);
    assert.ok(texts.includes("`…${") && texts.includes("}…`"));
    assert.ok(texts.includes("/}{2}/g"));
    assert.equal(firstShapeDifference(code, code.replace("`a ", "`autre ")), undefined);
  });

  it("reports a missing or extra token at the end", () => {
    const difference = firstShapeDifference("f();", "f()");
    assert.deepEqual([difference?.line, difference?.expected, difference?.found], [1, ";", "(end of code)"]);
  });
});

describe("strings that are code", () => {
  it("refuses a translated string the source marks /* @keep */, naming it", () => {
    const en = 'segment(text, { granularity: /* @keep */ "word" });\nconsole.log("Done");';
    const fr = 'segment(text, { granularity: /* @keep */ "mot" });\nconsole.log("Terminé");';
    const difference = firstShapeDifference(en, fr);
    assert.equal(difference?.line, 1);
    assert.equal(difference?.message, 'the string "word" is code (marked @keep), not prose: keep it exactly as in the source; found "mot"');
  });

  it("protects every string on a line ending in // @keep, and only that line", () => {
    const en = 'const unit = "word"; // @keep\nconsole.log("Hello");';
    assert.match(firstShapeDifference(en, 'const unit = "mot"; // garder\nconsole.log("Hello");')?.message ?? "", /"word" is code \(marked @keep\)/);
    assert.equal(firstShapeDifference(en, 'const unit = "word"; // garder tel quel\nconsole.log("Bonjour");'), undefined);
  });

  it("protects module names without a marker", () => {
    const en = 'import { InferenceClient } from "@huggingface/inference";\nconst m = await import("node:util");';
    const fr = 'import { InferenceClient } from "@huggingface/inférence";\nconst m = await import("node:util");';
    assert.match(firstShapeDifference(en, fr)?.message ?? "", /"@huggingface\/inference" is code \(a module name\)/);
  });

  it("still lets prose strings next to a kept one be translated", () => {
    const en = 'f(/* @keep */ "word", "Hello");';
    assert.equal(firstShapeDifference(en, 'f(/* @keep */ "word", "Bonjour");'), undefined);
  });
});
