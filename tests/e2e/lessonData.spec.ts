import { test, expect } from "@playwright/test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copyProject, plainEnv, type ProjectCopy } from "../unit/cli/helpers/projectCopy.ts";
import { startStaticHost, type StaticHost } from "../support/staticHost.ts";
import { limit } from "../support/timeLimits.ts";

/**
 * An author adds a lesson with its own data in a folder beside it
 * (`data/levels.json`, `data/levels.csv`) and cells that import them: the
 * check passes, that copy of the project builds, and in Chromium the cells
 * print values read from the files.
 */
let copy: ProjectCopy;
let host: StaticHost;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  // A full build of a copy of the site: minutes on a busy machine.
  test.setTimeout(limit(600_000));
  copy = await copyProject();
  const lesson = join(copy.dir, "content/lessons/levels");
  mkdirSync(join(lesson, "data"), { recursive: true });
  writeFileSync(join(lesson, "data/levels.json"), JSON.stringify([{ level: "A1", words: 500 }, { level: "B2", words: 4000 }]));
  writeFileSync(join(lesson, "data/levels.csv"), "level,hours\nA1,90\nB2,560\n");
  writeFileSync(
    join(lesson, "en.mdx"),
    [
      "---",
      "title: Levels",
      "description: Language levels and how many words each takes.",
      "order: 9",
      "---",
      "",
      "Each level takes more words.",
      "",
      "## Words per level {#words}",
      "",
      '<Cell id="words">',
      "```ts",
      'import levels from "./data/levels.json" with { type: "json" };',
      "console.log(`B2 needs ${levels[1].words} words`);",
      "```",
      "</Cell>",
      "",
      '<Cell id="hours">',
      "```ts",
      'import hours from "./data/levels.csv";',
      "console.log(`A1 takes ${hours[0].hours} hours`);",
      "```",
      "</Cell>",
      "",
    ].join("\n"),
  );
  const check = await copy.run("src/cli/i18nCheck.ts", []);
  expect(check.code, check.stdout + check.stderr).toBe(0);
  const build = await copy.run("src/cli/build.ts", [], { env: plainEnv({ CHROMIUM_PATH: process.env.CHROMIUM_PATH }) });
  expect(build.code, build.stdout + build.stderr).toBe(0);
  host = await startStaticHost(join(copy.dir, "dist"), "/");
});

test.afterAll(async () => {
  await host?.stop();
  await copy?.remove();
});

test("a cell prints a value from the lesson's data/levels.json, and another from its CSV", async ({ page }) => {
  await page.goto(`${host.url}/en/lessons/levels/`);
  await page.locator("#cell-words [data-action=run]").click();
  await expect(page.locator("#cell-words [data-output]")).toContainText("B2 needs 4000 words");
  await page.locator("#cell-hours [data-action=run]").click();
  await expect(page.locator("#cell-hours [data-output]")).toContainText("A1 takes 90 hours");
  const served = await fetch(`${host.url}/fr/lessons/levels/data/levels.json`);
  expect(served.ok).toBe(true);
  expect(await served.json()).toEqual([{ level: "A1", words: 500 }, { level: "B2", words: 4000 }]);
  // The course's own data files stay where cells and the editor read them.
  for (const file of ["models.json", "prices.json"]) expect((await fetch(`${host.url}/en/lessons/open-source-models/${file}`)).ok, file).toBe(true);
  expect((await fetch(`${host.url}/en/lessons/open-source-models/recorded.json`)).status).toBe(404);
});


