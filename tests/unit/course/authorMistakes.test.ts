import { describe, it, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * Each test starts from a mistake an author makes in a new lesson, on a copy
 * of the project's UI strings and lessons, and runs `npm run i18n:check`'s
 * script on it: the mistake fails the check with the lesson's file and line.
 */
const root = resolve(import.meta.dirname, "../../..");
let dir: string;

function check(): { code: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(root, "src/cli/i18nCheck.ts")], { cwd: dir, encoding: "utf8" });
  return { code: result.status, output: result.stdout + result.stderr };
}

const levels = [
  { level: "A1", words: 500 },
  { level: "B2", words: 4000 },
];

/** A new lesson with a data file its cell imports; `body` replaces the cell section. */
function writeLesson(body: string): void {
  const lesson = join(dir, "content/lessons/levels");
  mkdirSync(join(lesson, "data"), { recursive: true });
  writeFileSync(join(lesson, "data/levels.json"), `${JSON.stringify(levels, null, 2)}\n`);
  writeFileSync(join(lesson, "en.mdx"), `---\ntitle: Levels\ndescription: Language levels and how many words each takes.\norder: 5\n---\n\nAn introduction.\n\n${body}\n`);
}

const goodCell = '## Levels {#levels}\n\n<Cell id="words">\n```ts\nimport levels from "./data/levels.json" with { type: "json" };\nconsole.log(levels[1].words);\n```\n</Cell>';

describe("what an author gets wrong fails the lesson check, with file and line", () => {
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "carnet-author-"));
    cpSync(join(root, "locales"), join(dir, "locales"), { recursive: true });
    cpSync(join(root, "content/lessons/welcome"), join(dir, "content/lessons/welcome"), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("passes a lesson whose cell imports its data/levels.json", () => {
    writeLesson(goodCell);
    const { code, output } = check();
    assert.equal(code, 0, output);
  });

  it("fails on a type error in a cell, at its line and column, with the cell id", () => {
    writeLesson(goodCell.replace("levels[1].words", "levels[1].wordz"));
    const { code, output } = check();
    assert.equal(code, 1, output);
    assert.match(output, /content\/lessons\/levels\/en\.mdx:14:23: cell "words": type error: Property 'wordz' does not exist/);
  });

  it("fails on a misspelt data import, naming the file there is", () => {
    writeLesson(goodCell.replace("./data/levels.json", "./data/level.json"));
    const { code, output } = check();
    assert.equal(code, 1, output);
    assert.match(output, /content\/lessons\/levels\/en\.mdx:13:20: cell "words": imports \.\/data\/level\.json, which is not a data file of this lesson \(did you mean \.\/data\/levels\.json\?\)/);
  });

  it("fails on an import of a module cells cannot load", () => {
    writeLesson(goodCell.replace('import levels from "./data/levels.json" with { type: "json" };', 'import levels from "lodash";'));
    const { code, output } = check();
    assert.equal(code, 1, output);
    assert.match(output, /en\.mdx:13:20: cell "words": imports "lodash", which cells cannot load/);
  });

  it("fails on data that breaks the schema beside it, at the data file's line", () => {
    writeLesson(goodCell);
    const schema = { type: "array", items: { type: "object", properties: { level: { type: "string" }, words: { type: "number" } }, required: ["level", "words"] } };
    writeFileSync(join(dir, "content/lessons/levels/data/levels.schema.json"), JSON.stringify(schema));
    writeFileSync(join(dir, "content/lessons/levels/data/levels.json"), '[\n  { "level": "A1", "words": 500 },\n  { "level": "B2", "words": "many" }\n]\n');
    const { code, output } = check();
    assert.equal(code, 1, output);
    assert.match(output, /content\/lessons\/levels\/data\/levels\.json:3: 1\.words: .*expected number/);
  });

  it("fails on a UiLabel key that does not exist, at the lesson's line", () => {
    writeLesson(`Press <UiLabel name="notebook.runCell" /> to run it.\n\n${goodCell}`);
    const { code, output } = check();
    assert.equal(code, 1, output);
    assert.match(output, /content\/lessons\/levels\/en\.mdx:9: <UiLabel>: "notebook\.runCell" is not a control label/);
    assert.doesNotMatch(output, /UiLabel\.astro/);
  });

  it("fails on an image without alt text", () => {
    writeLesson(`![](chart.png)\n\n${goodCell}`);
    const { code, output } = check();
    assert.equal(code, 1, output);
    assert.match(output, /content\/lessons\/levels\/en\.mdx:9: image chart\.png has no alt text/);
  });

  it("fails on raw HTML that runs script: <script>, <iframe> and on…= attributes", () => {
    writeLesson(`<script>alert(1)</script>\n\n<iframe src="https://example.org/"></iframe>\n\n<span onMouseOver="x()">here</span>\n\n${goodCell}`);
    const { code, output } = check();
    assert.equal(code, 1, output);
    assert.match(output, /en\.mdx:9: <script> is not allowed in a lesson/);
    assert.match(output, /en\.mdx:11: <iframe> is not allowed in a lesson/);
    assert.match(output, /en\.mdx:13: the onMouseOver= attribute on <span> is not allowed/);
  });

  it("fails on links to lessons that do not exist, relative or absolute", () => {
    writeLesson(`See [the welcome](../welcome/), [tokens](../tokens/) and [prices](/en/lessons/prices/).\n\n${goodCell}`);
    const { code, output } = check();
    assert.equal(code, 1, output);
    assert.match(output, /en\.mdx:9: broken link \.\.\/tokens\/: no lesson "tokens"/);
    assert.match(output, /en\.mdx:9: broken link \/en\/lessons\/prices\/: no lesson "prices"/);
    assert.doesNotMatch(output, /broken link \.\.\/welcome\//);
  });

  it("type-checks a translation against its own copy of a data file (data/levels.fr.json)", () => {
    writeLesson(goodCell);
    const lesson = join(dir, "content/lessons/levels");
    const fr = readFileSync(join(lesson, "en.mdx"), "utf8")
      .replace("title: Levels", "title: Niveaux")
      .replace("description: Language levels and how many words each takes.", "description: Les niveaux de langue.\ntranslation:\n  source: en\n  date: 2026-12-01\n  by: human\n  sections:\n    top: 0123456789abcdef\n    levels: 0123456789abcdef")
      .replace("order: 5\n", "");
    writeFileSync(join(lesson, "fr.mdx"), fr);
    writeFileSync(join(lesson, "data/levels.fr.json"), '[{ "niveau": "A1", "mots": 500 }]');
    const { code, output } = check();
    assert.equal(code, 1, output);
    assert.match(output, /content\/lessons\/levels\/fr\.mdx:\d+:\d+: cell "words": type error: Property 'words' does not exist on type '\{ niveau: string; mots: number; \}'/);
    assert.doesNotMatch(output, /levels\/en\.mdx:\d+:\d+: cell/);
  });

  it("fails on a translation linking to a lesson in another language", () => {
    edit("content/lessons/welcome/fr.mdx", (t) => t.replace("## Exécuter une cellule", "Voir [la leçon](/en/lessons/welcome/#reading).\n\n## Exécuter une cellule"));
    const { code, output } = check();
    assert.equal(code, 1, output);
    assert.match(output, /welcome\/fr\.mdx:\d+: link \/en\/lessons\/welcome\/#reading leads to another language: .* \/fr\/lessons\/welcome\/#reading/);
  });
});

function edit(path: string, change: (text: string) => string): void {
  const file = join(dir, path);
  const before = readFileSync(file, "utf8");
  const after = change(before);
  assert.notEqual(after, before, `${path} was not changed`);
  writeFileSync(file, after);
}
