/** `npm run i18n:status` as scripts and people see it, in a copy of the tree. */
import assert from "node:assert/strict";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { readdirSync } from "node:fs";
import { copyProject, plainEnv, type ProjectCopy } from "./helpers/projectCopy.ts";
import { localeCodes } from "../../../src/i18n/locales.ts";

/** What the summary should count, from the registry and the lessons present. */
const lessonIds = readdirSync("content/lessons", { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
const lessons = lessonIds.length;
const languages = localeCodes.length - 1;
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

const STATUS = "src/cli/i18nStatus.ts";
let copy: ProjectCopy;
before(async () => {
  copy = await copyProject();
});
after(() => copy.remove());

describe("i18n:status", () => {
  test("piped, it prints an aligned plain table with no index column and a summary", async () => {
    const run = await copy.run(STATUS, []);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /\(index\)/);
    assert.doesNotMatch(run.stdout, /\x1b\[/, "no ANSI codes when piped");
    assert.doesNotMatch(run.stdout, /'/, "no quoted strings");
    const lines = run.stdout.split("\n");
    assert.match(lines[0]!, /^lesson +fr +/);
    const row = lines.find((l) => l.startsWith("welcome "))!;
    assert.ok(row, "a row per lesson");
    assert.equal(lines[0]!.indexOf(" fr") + 1, row.search(/ (up to date|missing|\d+ outdated)/) + 1, "columns line up");
    const summary = `${plural(lessons, "lesson")} × ${plural(languages, "language")} (source: en): `;
    assert.ok(run.stdout.includes(summary), run.stdout);
    assert.match(run.stdout, new RegExp(`\\d+ of ${lessons * languages} up to date, \\d+ outdated, \\d+ missing;`));
  });

  test("colour comes only when asked for, and --json is plain JSON", async () => {
    const coloured = await copy.run(STATUS, [], { env: plainEnv({ FORCE_COLOR: "1" }) });
    assert.match(coloured.stdout, /\x1b\[3[12]m/);
    const json = await copy.run(STATUS, ["--json"], { env: plainEnv({ FORCE_COLOR: "1" }) });
    const rows = JSON.parse(json.stdout) as { lesson: string; sections: Record<string, string>; locales: Record<string, { status: string }> }[];
    assert.deepEqual(rows.map((r) => r.lesson).sort(), [...lessonIds].sort());
    assert.equal(rows[0]!.locales.en!.status, "source");
    assert.match(Object.values(rows[0]!.sections)[0]!, /^[0-9a-f]{16}$/);
  });

  test("--strict exits 0 when every translation is current, and 1 once one is outdated", async () => {
    // One lesson, and the registry cut down to the languages it is translated into, so nothing is missing.
    for (const other of lessonIds.filter((id) => id !== "open-source-models")) {
      await rm(join(copy.dir, "content/lessons", other), { recursive: true });
    }
    const registryFile = join(copy.dir, "src/i18n/locales.json");
    const registry = JSON.parse(await readFile(registryFile, "utf8")) as { locales: { code: string }[] };
    const present = new Set(readdirSync(join(copy.dir, "content/lessons/open-source-models")).map((f) => f.replace(/\.mdx$/, "")));
    registry.locales = registry.locales.filter((l) => present.has(l.code));
    await writeFile(registryFile, JSON.stringify(registry, null, 2));
    const n = registry.locales.length - 1;
    const current = await copy.run(STATUS, ["--strict"]);
    assert.equal(current.code, 0, current.stdout);
    assert.match(current.stdout, new RegExp(`${n} of ${n} up to date, 0 outdated, 0 missing`));

    const source = join(copy.dir, "content/lessons/open-source-models/en.mdx");
    const text = await readFile(source, "utf8");
    const heading = /^## .*\{#[\w-]+\}$/m.exec(text)!;
    await writeFile(source, text.replace(heading[0], `${heading[0]}\n\nA sentence the translations do not have yet.`));
    const outdated = await copy.run(STATUS, ["--strict"]);
    assert.equal(outdated.code, 1);
    assert.match(outdated.stdout, /^open-source-models +1 outdated\*?: #[\w-]+/m, "the table names the outdated section");
    assert.match(outdated.stdout, new RegExp(`0 of ${n} up to date, ${n} outdated, 0 missing`));
    const lenient = await copy.run(STATUS, []);
    assert.equal(lenient.code, 0, "without --strict the table is information only");
  });
});
