import { describe, it, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../../..");
let dir: string;

/** Runs one of the project's command-line scripts on the copy. */
function run(script: string, ...args: string[]): { code: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(root, "src/cli", script), ...args], { cwd: dir, encoding: "utf8" });
  return { code: result.status, output: result.stdout + result.stderr };
}

/** Runs `npm run i18n:check`'s script on a copy of the project's UI strings and sample lesson. */
const check = () => run("i18nCheck.ts");

function edit(path: string, change: (text: string) => string): void {
  const file = join(dir, path);
  writeFileSync(file, change(readFileSync(file, "utf8")));
}

describe("i18n:check", () => {
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "carnet-check-"));
    cpSync(join(root, "locales"), join(dir, "locales"), { recursive: true });
    cpSync(join(root, "content/lessons/welcome"), join(dir, "content/lessons/welcome"), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("passes on the project's own strings and lesson", () => {
    const { code, output } = check();
    assert.equal(code, 0, output);
  });

  it("fails on a UI key missing in one locale, naming locale and key", () => {
    edit("locales/ja.json", (t) => {
      const strings = JSON.parse(t);
      delete strings.lesson.next;
      return JSON.stringify(strings);
    });
    const { code, output } = check();
    assert.equal(code, 1);
    assert.match(output, /locales\/ja\.json: lesson\.next: missing/);
  });

  it("fails on a frontmatter error, naming file and field", () => {
    edit("content/lessons/welcome/fr.mdx", (t) => t.replace(/^title: .*\n/m, ""));
    const { code, output } = check();
    assert.equal(code, 1);
    assert.match(output, /content\/lessons\/welcome\/fr\.mdx:1: title: a title is required/);
  });

  it("fails on a section that differs from the source, naming file and sections", () => {
    edit("content/lessons/welcome/es.mdx", (t) => t.replace("{#cells}", "{#celdas}"));
    const { code, output } = check();
    assert.equal(code, 1);
    assert.match(output, /content\/lessons\/welcome\/es\.mdx:\d+: sections differ from the source: expected \[reading, cells, translations\], found \[reading, celdas, translations\]/);
  });

  it("fails on cell code that differs beyond comments and strings, naming file, line and cell", () => {
    edit("content/lessons/welcome/fr.mdx", (t) => t.replace("console.log(greeting);", "console.info(greeting);"));
    const { code, output } = check();
    assert.equal(code, 1);
    assert.match(output, /content\/lessons\/welcome\/fr\.mdx:\d+: cell "greeting": code differs from the source beyond comments and strings: expected `log`, found `info`/);
  });

  it("fails on a broken internal link or anchor, naming file and line", () => {
    edit("content/lessons/welcome/en.mdx", (t) => t.replace("## Reading a lesson {#reading}", "## Reading a lesson {#reading}\n\nSee [how to run](#running) and [the next lesson](/en/lessons/nowhere/)."));
    const { code, output } = check();
    assert.equal(code, 1);
    assert.match(output, /content\/lessons\/welcome\/en\.mdx:\d+: broken link #running: #running is not a section or cell of this lesson/);
    assert.match(output, /content\/lessons\/welcome\/en\.mdx:\d+: broken link \/en\/lessons\/nowhere\/: no lesson "nowhere"/);
  });

  it("fails on cell code that does not compile, naming the source file, line and cell, not the translations", () => {
    edit("content/lessons/welcome/en.mdx", (t) => t.replace("console.log(greeting);", "console.log(greeting;"));
    const { code, output } = check();
    assert.equal(code, 1);
    const line = readFileSync(join(dir, "content/lessons/welcome/en.mdx"), "utf8").split("\n").indexOf("console.log(greeting;") + 1;
    assert.match(output, new RegExp(`content/lessons/welcome/en\\.mdx:${line}: cell "greeting": the code does not compile, column \\d+: .*readers would see this error when they press Run`));
    assert.doesNotMatch(output, /✗ content\/lessons\/welcome\/(?!en)/, "translations repeat the source's code: only the source is blamed");
  });

  it("blames a <Cell> without an id on the source that has it, with its line", () => {
    edit("content/lessons/welcome/en.mdx", (t) => t.replace('<Cell id="shout">', "<Cell>"));
    const { code, output } = check();
    assert.equal(code, 1);
    assert.match(output, /content\/lessons\/welcome\/en\.mdx:\d+: <Cell> it has no id: write <Cell id="…">/);
    assert.doesNotMatch(output, /✗ content\/lessons\/welcome\/(?!en)/);
  });

  it("names a misspelt component in a translation, with its line", () => {
    edit("content/lessons/welcome/fr.mdx", (t) => t.replace('<Cell id="shout">\n```ts\nconsole.log(greeting.toUpperCase());\n```\n</Cell>', '<Cel id="shout">\n```ts\nconsole.log(greeting.toUpperCase());\n```\n</Cel>'));
    const { code, output } = check();
    assert.equal(code, 1);
    assert.match(output, /content\/lessons\/welcome\/fr\.mdx:\d+: <Cel> is not a component lessons can use; they are: <Cell>, <FamilyChart>/);
  });

  it("fails on an unknown frontmatter field with the closest real one", () => {
    edit("content/lessons/welcome/es.mdx", (t) => t.replace("translation:", "translaton:"));
    edit("content/lessons/welcome/ja.mdx", (t) => t.replace(/^title:/m, "titel:"));
    const { code, output } = check();
    assert.equal(code, 1);
    assert.match(output, /content\/lessons\/welcome\/es\.mdx:4: frontmatter: unknown field "translaton" \(did you mean "translation"\?\); the frontmatter has: title, description, order, translation/);
    assert.match(output, /content\/lessons\/welcome\/ja\.mdx:2: frontmatter: unknown field "titel" \(did you mean "title"\?\)/, "every file with a problem is named");
    const status = run("i18nStatus.ts");
    assert.equal(status.code, 2);
    assert.match(status.output, /^i18n:status: content\/lessons\/welcome\/es\.mdx:4: frontmatter: unknown field "translaton" \(did you mean "translation"\?\)/);
    assert.doesNotMatch(status.output, /\n\s+at /, "no stack trace");
  });

  it("names the real provenance fields when a translation has none", () => {
    edit("content/lessons/welcome/es.mdx", (t) => t.replace(/translation:\n(  .*\n)+/, ""));
    const { code, output } = check();
    assert.equal(code, 1);
    assert.match(output, /content\/lessons\/welcome\/es\.mdx: translation: a translation must record its provenance, with the fields source, date, by, model \(for a machine\) and sections/);
    assert.doesNotMatch(output, /sourceHash/);
  });

  it("fails when a string the source marks @keep is translated", () => {
    edit("content/lessons/welcome/en.mdx", (t) => t.replace('const name = "Ada";', 'const name = /* @keep */ "Ada";'));
    edit("content/lessons/welcome/fr.mdx", (t) => t.replace('const name = "Ada";', 'const name = "Adèle";'));
    const { code, output } = check();
    assert.equal(code, 1);
    assert.match(output, /content\/lessons\/welcome\/fr\.mdx:\d+: cell "greeting": the string "Ada" is code \(marked @keep\), not prose: keep it exactly as in the source; found "Adèle"/);
  });

  it("lists UI strings still as in the source as a warning, unless accepted as the same on purpose", () => {
    const en = JSON.parse(readFileSync(join(dir, "locales/en.json"), "utf8"));
    edit("locales/ja.json", (t) => JSON.stringify({ ...JSON.parse(t), lesson: { ...JSON.parse(t).lesson, next: en.lesson.next } }));
    let { code, output } = check();
    assert.equal(code, 0, output);
    assert.match(output, /! locales\/ja\.json: 1 string\(s\) still as in locales\/en\.json, not translated yet \(translate them, or list a key in locales\/same-as-source\.json[^\n]*:\n {4}lesson\.next\n/);
    edit("locales/same-as-source.json", (t) => JSON.stringify({ ...JSON.parse(t), locales: { ...JSON.parse(t).locales, ja: ["lesson.next"] } }));
    ({ code, output } = check());
    assert.equal(code, 0, output);
    assert.doesNotMatch(output, /locales\/ja\.json/);
  });

  it("names the fix when a locale's strings file is missing", () => {
    rmSync(join(dir, "locales/ja.json"));
    const { code, output } = check();
    assert.equal(code, 1);
    assert.match(output, /locales\/ja\.json is missing: every locale in src\/i18n\/locales\.json needs its UI strings: copy locales\/en\.json to locales\/ja\.json and translate its strings into Japanese/);
  });

  it("starts a translation with its provenance, refuses to overwrite it, and lists what is left", () => {
    rmSync(join(dir, "content/lessons/welcome/de.mdx"));
    const started = run("i18nNew.ts", "--lesson", "welcome", "--to", "de");
    assert.equal(started.code, 0, started.output);
    assert.match(started.output, /Translate the title, the description and these sections: #top, #reading, #cells, #translations/);
    const de = readFileSync(join(dir, "content/lessons/welcome/de.mdx"), "utf8");
    assert.match(de, /translation:\n  source: en\n  date: \d{4}-\d\d-\d\d\n  by: human\n  sections:\n    top: [0-9a-f]{16}\n    reading: [0-9a-f]{16}/);
    assert.doesNotMatch(de, /^order:/m);
    const again = run("i18nNew.ts", "--lesson", "welcome", "--to", "de");
    assert.equal(again.code, 2);
    assert.match(again.output, /content\/lessons\/welcome\/de\.mdx already exists; nothing written/);
    const { code, output } = check();
    assert.equal(code, 0, output);
    assert.match(output, /! content\/lessons\/welcome\/de\.mdx:\d+: section #reading is still the en text, word for word: translate it/);
    const status = run("i18nStatus.ts", "--lesson", "welcome", "--json");
    assert.equal(JSON.parse(status.output)[0].locales.de.status, "current");
  });

  it("reports outdated sections as warnings without failing", () => {
    edit("content/lessons/welcome/en.mdx", (t) => t.replace("Lessons are split into sections.", "Each lesson is split into sections."));
    const { code, output } = check();
    assert.equal(code, 0, output);
    assert.match(output, /! content\/lessons\/welcome\/fr\.mdx:\d+: section #reading is outdated/);
  });
});
