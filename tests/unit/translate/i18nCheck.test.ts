import { describe, it, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../../..");
let dir: string;

/** Runs `npm run i18n:check`'s script on a copy of the project's UI strings and sample lesson. */
function check(): { code: number | null; output: string } {
  const run = spawnSync(process.execPath, [join(root, "src/cli/i18nCheck.ts")], { cwd: dir, encoding: "utf8" });
  return { code: run.status, output: run.stdout + run.stderr };
}

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
    assert.match(output, /content\/lessons\/welcome\/fr\.mdx: title: a title is required/);
  });

  it("fails on a section that differs from the source, naming file and sections", () => {
    edit("content/lessons/welcome/es.mdx", (t) => t.replace("{#cells}", "{#celdas}"));
    const { code, output } = check();
    assert.equal(code, 1);
    assert.match(output, /content\/lessons\/welcome\/es\.mdx: sections differ from the source: expected \[reading, cells, translations\], found \[reading, celdas, translations\]/);
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

  it("reports outdated sections as warnings without failing", () => {
    edit("content/lessons/welcome/en.mdx", (t) => t.replace("Lessons are split into sections.", "Each lesson is split into sections."));
    const { code, output } = check();
    assert.equal(code, 0, output);
    assert.match(output, /! content\/lessons\/welcome\/fr\.mdx:\d+: section #reading is outdated/);
  });
});
