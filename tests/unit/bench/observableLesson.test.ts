import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { observableLessonPage, SIX_CELLS } from "../../../bench/lib/observableLesson.ts";
import { lessonStructure } from "../../../src/course/lessonStructure.ts";

const root = new URL("../../../", import.meta.url);
const mdx = readFileSync(new URL("content/lessons/open-source-models/en.mdx", root), "utf8");
const labels = JSON.parse(readFileSync(new URL("locales/en.json", root), "utf8")) as Record<string, unknown>;

test("the Observable page carries the lesson's text: its title, headings, prose and every cell's code as a listing", () => {
  const page = observableLessonPage(mdx, { labels, chartHtml: '<figure class="chart">chart</figure>' });
  const structure = lessonStructure(mdx);
  assert.match(page, /^# Open Source Models\n/);
  for (const section of structure.sections) assert.ok(page.includes(`${"#".repeat(section.depth)} ${section.text}\n`), section.text);
  for (const cell of structure.cells) assert.ok(page.includes(`\`\`\`ts run=false\n${cell.code}\n\`\`\``), cell.id);
  assert.ok(page.includes("Two words first. A *token* is the unit a model reads and writes"));
  assert.ok(page.includes('<figure class="chart">chart</figure>'));
  assert.ok(page.includes("<kbd>Models</kbd>"));
  assert.doesNotMatch(page, /<(Cell|UiLabel|FamilyChart)\b|\{#[\w-]+\}/);
});

test("six cells that run stand right after the first cell's listing, and only there", () => {
  const page = observableLessonPage(mdx, { labels });
  const running = [...page.matchAll(/```js\n([\s\S]*?)\n```/g)].map((m) => m[1]);
  assert.deepEqual(running, SIX_CELLS);
  const first = lessonStructure(mdx).cells[0]!;
  assert.ok(page.indexOf(first.code) < page.indexOf(SIX_CELLS[0]!));
  assert.ok(page.indexOf(SIX_CELLS[5]!) < page.indexOf(lessonStructure(mdx).cells[1]!.code));
});

test("a lesson without cells has no place for them and says so", () => {
  assert.throws(() => observableLessonPage("---\ntitle: T\n---\nText only.\n", { labels }), /no <Cell>/);
});
