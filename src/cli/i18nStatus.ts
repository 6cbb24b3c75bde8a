/**
 * `npm run i18n:status [-- --json] [--strict]`: every lesson × locale — up to date,
 * how many sections are outdated, or missing; and how many sections are
 * machine-made and not yet reviewed. `--json` adds each source section's
 * current hash, the value an up-to-date translation records; `--strict`
 * exits 1 when a translation is missing or outdated.
 */
import { buildCourse, translationState } from "../course/course.ts";
import { readLessons } from "../course/readLessons.ts";
import { localeCodes } from "../i18n/locales.ts";
import { defineCommand, parseCommandLine } from "./commandLine.ts";
import { renderStatus } from "./statusTable.ts";
import { useColour } from "./terminal.ts";

const command = defineCommand({
  name: "i18n:status",
  summary:
    "Shows every lesson in every language: up to date, how many sections are older than the source, or missing; " +
    "and which translations still have machine-made sections no one has reviewed.",
  options: {
    json: { type: "boolean", description: "print the state as JSON instead, with each source section's current hash (the value a translation records)" },
    strict: { type: "boolean", description: "exit 1 when any translation is missing or outdated, for scripts and CI" },
  },
  examples: [
    { run: "", says: "the table, coloured on a terminal, plain when piped" },
    { run: "--json", says: "the same as JSON, with the section hashes to write in a translation's frontmatter" },
    { run: "--strict", says: "in CI: fail when a translation is missing or older than its source" },
  ],
  exitCodes: { 1: "with --strict: a translation is missing or outdated (or the lessons could not be read)" },
});
const { values } = parseCommandLine(command);

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

const { lines, complete } = renderStatus(rows, { colour: useColour(process.stdout) });
if (values.json) console.log(JSON.stringify(rows, null, 2));
else console.log(lines.join("\n"));
if (values.strict && !complete) process.exitCode = 1;
