/**
 * `npm run i18n:status [-- --json]`: every lesson × locale — up to date,
 * how many sections are outdated, or missing; and how many sections are
 * machine-made and not yet reviewed. `--json` adds each source section's
 * current hash, the value an up-to-date translation records.
 */
import { buildCourse, translationState } from "../course/course.ts";
import { readLessons } from "../course/readLessons.ts";
import { localeCodes } from "../i18n/locales.ts";

const course = buildCourse(readLessons());
const rows = course.lessons.map((lesson) => ({
  lesson: lesson.slug,
  sections: Object.fromEntries(lesson.sourceSections),
  locales: Object.fromEntries(
    localeCodes.map((code) => {
      const { status, outdatedSections, machineSections, reviewedSections, info } = translationState(lesson, code);
      return [code, { status, outdatedSections, machineSections, reviewedSections, date: info?.date.toISOString().slice(0, 10) }];
    }),
  ),
}));

if (process.argv.includes("--json")) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  type Row = (typeof rows)[number]["locales"][string];
  const cell = (s: Row, total: number) => {
    if (s.status === "source" || s.status === "missing") return s.status;
    const state = s.status === "current" ? "up to date" : `${s.outdatedSections.length}/${total} outdated`;
    const made = s.machineSections.length === 0 ? "reviewed" : s.reviewedSections.length === 0 ? "machine" : `${s.machineSections.length} machine`;
    return `${state}, ${made}`;
  };
  console.table(rows.map((r) => ({ lesson: r.lesson, ...Object.fromEntries(localeCodes.map((c) => [c, cell(r.locales[c]!, Object.keys(r.sections).length)])) })));
}
