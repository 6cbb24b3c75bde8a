import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { checkLessonFiles } from "../../../src/course/lessonFileChecks.ts";

/**
 * The checks each lesson file gets before the site is built: their result,
 * and what an author sees when the build stops on a lesson.
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

describe("the lesson checks before a build", () => {
  it("give each file its cells and its problems, with file, line and column", () => {
    const dir = projectWithMistake();
    const welcome = readdirSync(join(dir, "content/lessons/welcome")).filter((f) => f.endsWith(".mdx")).map((f) => join(dir, "content/lessons/welcome", f));
    const levels = join(dir, "content/lessons/levels/en.mdx");
    const checks = checkLessonFiles([levels, ...welcome]);
    assert.deepEqual(Object.keys(checks.files).sort(), [levels, ...welcome].sort());
    assert.match(checks.files[levels]!.problems.join("\n"), mistake);
    assert.deepEqual(checks.files[levels]!.cells.map((c) => c.id), ["words"]);
    for (const file of welcome) assert.deepEqual(checks.files[file]!.problems, [], file);
    assert.deepEqual(Object.values(checks.folders).flat(), []);
  });

  it("a lesson's mistake stops the build with its file, line and column", () => {
    const dir = projectWithMistake();
    const build = spawnSync(process.execPath, [join(dir, "node_modules/astro/bin/astro.mjs"), "build", "--outDir", join(dir, "dist")], { cwd: dir, encoding: "utf8", timeout: 240_000 });
    assert.notEqual(build.status, 0);
    assert.match(`${build.stdout}\n${build.stderr}`, mistake);
  });
});
