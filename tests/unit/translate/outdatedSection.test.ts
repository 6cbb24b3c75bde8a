import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildCourse, translationState } from "../../../src/course/course.ts";
import { readLessons } from "../../../src/course/readLessons.ts";

const root = resolve(import.meta.dirname, "../../..");
const changeCells = (text: string) => text.replace("A cell holds TypeScript.", "A cell holds TypeScript code.");

describe("a change to one source section", () => {
  it("makes exactly that section outdated in every translation", () => {
    const files = readLessons(join(root, "content/lessons")).map((f) =>
      f.id === "welcome/en" ? { ...f, body: changeCells(f.body), text: changeCells(f.text) } : f,
    );
    const lesson = buildCourse(files).lessons.find((l) => l.slug === "welcome")!;
    const translated = [...lesson.files.keys()].filter((l) => l !== "en");
    assert.ok(translated.length >= 5);
    for (const locale of translated) {
      assert.deepEqual(translationState(lesson, locale).outdatedSections, ["cells"], locale);
    }
  });

  it("is named, with a link to the source section, on the translated page", { timeout: 180_000 }, () => {
    const site = mkdtempSync(join(tmpdir(), "carnet-outdated-"));
    try {
      symlinkSync(join(root, "node_modules"), join(site, "node_modules"));
      for (const name of ["src", "locales", "public", "astro.config.mjs", "tsconfig.json", "package.json"]) cpSync(join(root, name), join(site, name), { recursive: true });
      mkdirSync(join(site, "content/lessons"), { recursive: true });
      cpSync(join(root, "content/lessons/welcome"), join(site, "content/lessons/welcome"), { recursive: true });
      const en = join(site, "content/lessons/welcome/en.mdx");
      writeFileSync(en, changeCells(readFileSync(en, "utf8")));
      const build = spawnSync(process.execPath, [join(root, "node_modules/astro/bin/astro.mjs"), "build"], { cwd: site, encoding: "utf8" });
      assert.equal(build.status, 0, build.stdout + build.stderr);
      const translations = readdirSync(join(site, "content/lessons/welcome")).filter((f) => f !== "en.mdx").map((f) => f.replace(".mdx", ""));
      for (const locale of translations) {
        const html = readFileSync(join(site, "dist", locale, "lessons/welcome/index.html"), "utf8");
        const named = [...html.matchAll(/data-outdated-section="([^"]+)"/g)].map((m) => m[1]);
        assert.deepEqual(named, ["cells"], locale);
        assert.match(html, /href="\/en\/lessons\/welcome\/#cells"[^>]*data-outdated-section="cells"/, locale);
      }
      const english = readFileSync(join(site, "dist/en/lessons/welcome/index.html"), "utf8");
      assert.doesNotMatch(english, /data-notice="outdated"/);
    } finally {
      rmSync(site, { recursive: true, force: true });
    }
  });
});
