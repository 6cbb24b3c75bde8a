/**
 * `npm run i18n:status [-- --lesson <id>] [--json]`: every lesson × locale
 * (or one lesson's) — up to date, which sections are outdated, or missing;
 * and how many sections are machine-made and not yet reviewed. `--json`
 * adds each source section's current hash, the value an up-to-date
 * translation records.
 */
import { parseArgs } from "node:util";
import { buildCourse } from "../course/course.ts";
import { readLessons } from "../course/readLessons.ts";
import { statusRows, type LocaleStatus } from "../course/translationStatus.ts";
import { localeCodes } from "../i18n/locales.ts";
import { commandFailure } from "./commandFailure.ts";

const fail: (message: string) => never = commandFailure("i18n:status");

const { values } = parseArgs({ options: { lesson: { type: "string" }, json: { type: "boolean", default: false } } });
let course;
try {
  course = buildCourse(readLessons());
} catch (error) {
  fail(`${(error as Error).message}\n(npm run i18n:check lists every problem in the lessons)`);
}
let rows;
try {
  rows = statusRows(course, values.lesson);
} catch (error) {
  fail((error as Error).message);
}

if (values.json) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  const cell = (s: LocaleStatus, total: number) => {
    if (s.status === "source" || s.status === "missing") return s.status;
    const state = s.status === "current" ? "up to date" : `${s.outdatedSections.length}/${total} outdated: ${s.outdatedSections.map((id) => `#${id}`).join(" ")}`;
    const made = s.machineSections.length === 0 ? (s.reviewedSections.length > 0 ? "reviewed" : "human") : s.reviewedSections.length + s.humanSections.length === 0 ? "machine" : `${s.machineSections.length} machine`;
    return `${state}, ${made}`;
  };
  console.table(rows.map((r) => ({ lesson: r.lesson, ...Object.fromEntries(localeCodes.map((c) => [c, cell(r.locales[c]!, Object.keys(r.sections).length)])) })));
}
