import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { checkOwnStructure, compareStructure, lessonStructure } from "../../../src/course/lessonStructure.ts";
import { localeCodes, sourceLocale } from "../../../src/i18n/locales.ts";
import { existsSync } from "node:fs";

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

const cell = (id: string, code = "x();") => `<Cell id="${id}">\n\`\`\`ts\n${code}\n\`\`\`\n</Cell>\n`;

describe("section ids", () => {
  it("reads explicit heading ids and cell ids, skipping code", () => {
    assert.deepEqual(source.sections.map((s) => [s.depth, s.id, s.text, s.line, s.endLine]), [[2, "why", "Why?", 3, 11], [3, "details", "Details", 12, 13]]);
    assert.deepEqual(source.cells.map((c) => [c.id, c.line, c.codeLine, c.code]), [["first", 5, 7, "// ## not a heading {#nope}\nconst a = 1;"]]);
  });

  it("are the same in every language of the sample lesson", () => {
    const read = (l: string) => lessonStructure(readFileSync(`content/lessons/welcome/${l}.mdx`, "utf8"));
    const en = read(sourceLocale);
    assert.deepEqual(checkOwnStructure(en), []);
    assert.deepEqual(en.sections.map((s) => s.id), ["reading", "cells", "translations"]);
    for (const locale of localeCodes.filter((l) => l !== sourceLocale && existsSync(`content/lessons/welcome/${l}.mdx`))) {
      assert.deepEqual(compareStructure(en, read(locale)), [], locale);
    }
  });

  it("report a translation whose sections or cells differ", () => {
    const moved = lessonStructure(`### Pourquoi ? {#why}\n${cell("first")}## Détails {#details}\n`);
    assert.match(compareStructure(source, moved).map((p) => p.message).join("\n"), /#why is a level-3 heading; the source's is level 2/);
    const missing = lessonStructure("## Pourquoi ? {#why}\n");
    assert.match(compareStructure(source, missing).map((p) => p.message).join("\n"), /sections differ.*\n?.*cells differ/s);
    const noId = lessonStructure(`## Pourquoi ?\n${cell("first")}### Détails {#details}\n`);
    assert.match(checkOwnStructure(noId)[0]!.message, /has no \{#id\}/);
  });

  it("report headings without ids and repeated ids, with their lines", () => {
    const problems = checkOwnStructure(lessonStructure(`## A\n## B {#b}\n## C {#b}\n${cell("x")}${cell("x")}`));
    assert.deepEqual(problems.map((p) => p.line), [1, 3, 9]);
  });
});

describe("a lesson file on its own", () => {
  it("names a <Cell> without an id, with its line and what to write", () => {
    const problems = checkOwnStructure(lessonStructure(`## A {#a}\n\n<Cell>\n\`\`\`ts\nx();\n\`\`\`\n</Cell>\n`));
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.line, 3);
    assert.match(problems[0]!.message, /<Cell> it has no id: write <Cell id="…">/);
  });

  it("names a misspelt component and lists the ones lessons can use", () => {
    const problems = checkOwnStructure(lessonStructure(`## A {#a}\n\n<Cel id="x">\n\`\`\`ts\nx();\n\`\`\`\n</Cel>\n`));
    assert.deepEqual(problems.map((p) => [p.line, p.message]), [[3, "<Cel> is not a component lessons can use; they are: <Cell>, <FamilyChart>, <UiLabel>"]]);
  });

  it("reports MDX the build cannot parse at its line", () => {
    const problems = checkOwnStructure(lessonStructure("## A {#a}\n\nSome text.\n\n<Cell id=\"x\">\n```ts\nx();\n```\n"));
    assert.equal(problems[0]!.line, 5);
    assert.match(problems[0]!.message, /not valid MDX.*closing tag for `<Cell>`/);
  });

  it("names a cell with no code block", () => {
    const problems = checkOwnStructure(lessonStructure('## A {#a}\n\n<Cell id="empty">\n</Cell>\n'));
    assert.match(problems[0]!.message, /<Cell id="empty"> has no code/);
  });

  it("counts lines after the frontmatter as file lines", () => {
    const structure = lessonStructure("---\ntitle: T\n---\n\nIntro.\n\n## A {#a}\n");
    assert.equal(structure.bodyLine, 4);
    assert.equal(structure.sections[0]!.line, 7);
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
