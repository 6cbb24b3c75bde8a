import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { earlyLessonChecksIntegration } from "../../../src/build/earlyLessonChecks.ts";
import { earlyLessonChecks } from "../../../src/course/lessonChecksHandoff.ts";

/**
 * The lesson checks the build starts in a worker thread while Vite bundles:
 * their result, and what an author sees when the build stops on a lesson.
 */
const root = resolve(import.meta.dirname, "../../..");
const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of the project (node_modules linked) with the welcome lesson and a "levels" lesson whose cell reads a misspelt field. */
function projectWithMistake(): string {
  const dir = mkdtempSync(join(tmpdir(), "carnet-early-checks-"));
  dirs.push(dir);
  for (const name of ["src", "locales", "public", "astro.config.mjs", "tsconfig.json", "content/lessons/welcome", "content/glossary.json"]) {
    cpSync(join(root, name), join(dir, name), { recursive: true });
  }
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "carnet-copy", private: true, type: "module" }));
  const lesson = join(dir, "content/lessons/levels");
  mkdirSync(lesson, { recursive: true });
  writeFileSync(join(lesson, "levels.json"), '[{ "level": "A1", "words": 500 }]\n');
  writeFileSync(
    join(lesson, "en.mdx"),
    '---\ntitle: Levels\ndescription: Language levels and their words.\norder: 9\n---\n\nAn introduction.\n\n## Levels {#levels}\n\n<Cell id="words">\n```ts\nimport levels from "./levels.json" with { type: "json" };\nconsole.log(levels[0].wordz);\n```\n</Cell>\n',
  );
  return dir;
}

const mistake = /content\/lessons\/levels\/en\.mdx:14:23: cell "words": type error: Property 'wordz' does not exist/;

describe("the build's early lesson checks", () => {
  it("check every lesson file in a worker thread once the build starts", async () => {
    const dir = projectWithMistake();
    const hooks = earlyLessonChecksIntegration().hooks as Record<string, (options: unknown) => void>;
    // A build runs in the project's folder.
    const cwd = process.cwd();
    process.chdir(dir);
    let checks;
    try {
      hooks["astro:build:start"]!({});
      checks = await earlyLessonChecks();
    } finally {
      process.chdir(cwd);
    }
    assert.ok(checks, "the worker thread answered");
    const welcome = readdirSync(join(dir, "content/lessons/welcome")).filter((f) => f.endsWith(".mdx")).map((f) => `content/lessons/welcome/${f}`);
    assert.deepEqual(Object.keys(checks.files).sort(), ["content/lessons/levels/en.mdx", ...welcome].sort());
    assert.match(checks.files["content/lessons/levels/en.mdx"]!.problems.join("\n"), mistake);
    assert.deepEqual(checks.files["content/lessons/welcome/en.mdx"]!.problems, []);
    assert.deepEqual(checks.files["content/lessons/levels/en.mdx"]!.cells.map((c) => c.id), ["words"]);
  });

  it("a lesson's mistake stops the build with its file, line and column", () => {
    const dir = projectWithMistake();
    const build = spawnSync(process.execPath, [join(dir, "node_modules/astro/bin/astro.mjs"), "build", "--outDir", join(dir, "dist")], { cwd: dir, encoding: "utf8", timeout: 240_000 });
    assert.notEqual(build.status, 0);
    assert.match(`${build.stdout}\n${build.stderr}`, mistake);
  });
});
