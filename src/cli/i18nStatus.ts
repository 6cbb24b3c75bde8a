/**
 * `npm run i18n:status [-- --json]`: every lesson × locale — source, up to
 * date, outdated or missing, and machine or human — with each source's
 * current hash, the value an up-to-date translation records.
 */
import { buildCourse, translationState } from "../course/course.ts";
import { readLessons } from "../course/readLessons.ts";
import { localeCodes } from "../i18n/locales.ts";

const course = buildCourse(readLessons());
const rows = course.lessons.map((lesson) => ({
  lesson: lesson.slug,
  sourceHash: lesson.sourceHash,
  locales: Object.fromEntries(
    localeCodes.map((code) => {
      const state = translationState(lesson, code);
      return [code, { status: state.status, by: state.info?.by, date: state.info?.date.toISOString().slice(0, 10) }];
    }),
  ),
}));

if (process.argv.includes("--json")) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  const cell = (s: { status: string; by?: string }) =>
    s.status === "source" ? "source" : s.status === "missing" ? "missing" : `${s.status}${s.by === "machine" ? " (machine)" : ""}`;
  const table = rows.map((r) => ({ lesson: r.lesson, "source hash": r.sourceHash, ...Object.fromEntries(localeCodes.map((c) => [c, cell(r.locales[c]!)])) }));
  console.table(table);
}
