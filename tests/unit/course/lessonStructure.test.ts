import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { checkSourceStructure, compareStructure, lessonStructure } from "../../../src/course/lessonStructure.ts";

const source = lessonStructure(`Intro.

## Why? {#why}

<Cell id="first">
\`\`\`ts
// ## not a heading {#nope}
const a = 1;
\`\`\`
</Cell>

### Details {#details}
`);

describe("section ids", () => {
  it("reads explicit heading ids and cell ids, skipping code", () => {
    assert.deepEqual(source.sections.map((s) => [s.depth, s.id, s.text]), [[2, "why", "Why?"], [3, "details", "Details"]]);
    assert.deepEqual(source.cells.map((c) => c.id), ["first"]);
  });

  it("are the same in every language of the sample lesson", () => {
    const read = (l: string) => lessonStructure(readFileSync(`content/lessons/welcome/${l}.mdx`, "utf8"));
    const en = read("en");
    assert.deepEqual(checkSourceStructure(en), []);
    assert.deepEqual(en.sections.map((s) => s.id), ["reading", "cells", "translations"]);
    for (const locale of ["fr", "es"]) assert.deepEqual(compareStructure(en, read(locale)), [], locale);
  });

  it("report a translation whose sections or cells differ", () => {
    const moved = lessonStructure("### Pourquoi ? {#why}\n<Cell id=\"first\">\n## Détails {#details}\n");
    assert.match(compareStructure(source, moved).map((p) => p.message).join("\n"), /#why is a level-3 heading; the source's is level 2/);
    const missing = lessonStructure("## Pourquoi ? {#why}\n");
    assert.match(compareStructure(source, missing).map((p) => p.message).join("\n"), /sections differ.*\n?.*cells differ/s);
    const noId = lessonStructure("## Pourquoi ?\n<Cell id=\"first\">\n### Détails {#details}\n");
    assert.match(compareStructure(source, noId)[0]!.message, /has no \{#id\}/);
  });

  it("report source headings without ids and repeated ids", () => {
    const problems = checkSourceStructure(lessonStructure("## A\n## B {#b}\n## C {#b}\n<Cell id=\"x\">\n<Cell id=\"x\">"));
    assert.deepEqual(problems.map((p) => p.line), [1, 3, 5]);
  });
});

describe("cell code across languages", () => {
  const en = lessonStructure('## A {#a}\n<Cell id="c">\n```ts\n// greet\nconst x = "Hello";\nlog(x);\n```\n</Cell>\n');

  it("accepts translated comments and strings", () => {
    const fr = lessonStructure('## B {#a}\n<Cell id="c">\n```ts\n// saluer\nconst x = "Bonjour";\nlog(x);\n```\n</Cell>\n');
    assert.deepEqual(compareStructure(en, fr), []);
  });

  it("names the cell and the file line where the code differs", () => {
    const fr = lessonStructure('## B {#a}\n<Cell id="c">\n```ts\n// saluer\nconst y = "Bonjour";\nlog(x);\n```\n</Cell>\n');
    assert.deepEqual(compareStructure(en, fr), [{ line: 5, message: 'cell "c": code differs from the source beyond comments and strings: expected `x`, found `y`' }]);
  });
});
