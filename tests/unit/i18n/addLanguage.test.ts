import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../../..");

/** The README's "Add a language" section: its registry entry and its copy command. */
function readmeSteps(): { entry: { code: string }; copy: [string, string] } {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Add a language"), readme.indexOf("\n## ", readme.indexOf("## Add a language") + 1));
  const entry = /```json\n\s*(\{.*\})\s*\n\s*```/.exec(section);
  const copy = /```sh\n\s*cp (\S+) (\S+)\s*\n\s*```/.exec(section);
  assert.ok(entry && copy, "the README's Add a language section shows a registry entry and a cp command");
  return { entry: JSON.parse(entry[1]!), copy: [copy[1]!, copy[2]!] };
}

describe("adding a language as the README says", () => {
  let dir: string;
  let code: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "carnet-add-language-"));
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
    for (const name of ["src", "locales", "content", "tests", "package.json", "tsconfig.json", "README.md"]) cpSync(join(root, name), join(dir, name), { recursive: true });
    const { entry, copy } = readmeSteps();
    const registryFile = join(dir, "src/i18n/locales.json");
    const registry = JSON.parse(readFileSync(registryFile, "utf8")) as { locales: { code: string }[] };
    // The README's example once it is registered already: then another language not registered yet, the same way.
    const taken = new Set(registry.locales.map((l) => l.code));
    code = [entry.code, "nl", "sv", "pl", "ko", "tr", "cs", "fi"].find((c) => !taken.has(c))!;
    registry.locales.push({ ...entry, code });
    writeFileSync(registryFile, JSON.stringify(registry, null, 2));
    copyFileSync(join(dir, copy[0]), join(dir, copy[1].replace(entry.code, code)));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("passes i18n:check once the plural forms it names are added, and lists the strings still in English", () => {
    const check = () => spawnSync(process.execPath, ["src/cli/i18nCheck.ts"], { cwd: dir, encoding: "utf8" });
    // The language may need plural forms English does not have: the check names each one.
    const first = check();
    const stringsFile = join(dir, `locales/${code}.json`);
    const strings = JSON.parse(readFileSync(stringsFile, "utf8"));
    for (const [, key] of first.stderr.matchAll(new RegExp(`✗ locales/${code}\\.json: (\\S+): missing \\(a plural form ${code} needs\\)`, "g"))) {
      const path = key!.split(".");
      const parent = path.slice(0, -1).reduce((node, part) => node[part], strings);
      parent[path.at(-1)!] = parent[path.at(-1)!.replace(/_[a-z]+$/, "_other")];
    }
    writeFileSync(stringsFile, JSON.stringify(strings, null, 2));
    const run = check();
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stderr, new RegExp(`! locales/${code}\\.json: \\d+ string\\(s\\) still as in locales/en\\.json, not translated yet`));
  });

  it("keeps the unit tests that read the registry green", () => {
    const files = [
      "tests/unit/i18n/locales.test.ts",
      "tests/unit/i18n/missingKeys.test.ts",
      "tests/unit/course/course.test.ts",
      "tests/unit/course/lessonStructure.test.ts",
      "tests/unit/course/openSourceModelsCells.test.ts",
    ];
    const run = spawnSync(process.execPath, ["--test", ...files], { cwd: dir, encoding: "utf8" });
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });

  it("lists the new language in i18n:status, its lessons missing", () => {
    const run = spawnSync(process.execPath, ["src/cli/i18nStatus.ts", "--json"], { cwd: dir, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    for (const row of JSON.parse(run.stdout)) assert.equal(row.locales[code].status, "missing");
  });
});
