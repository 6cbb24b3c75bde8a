/**
 * `npm run i18n:status [-- --lesson <id>] [--json] [--strict]`: every lesson
 * × locale (or one lesson's) — up to date, which sections are outdated, or
 * missing; and which translations still have machine-made sections no one
 * reviewed. `--json` adds each source section's current hash, the value an
 * up-to-date translation records; `--strict` exits 1 when a translation is
 * missing or outdated.
 */
import { buildCourse } from "../course/course.ts";
import { readLessons } from "../course/readLessons.ts";
import { statusRows } from "../course/translationStatus.ts";
import { knownLesson } from "./argumentChecks.ts";
import { commandFailure } from "./commandFailure.ts";
import { defineCommand, parseCommandLine } from "./commandLine.ts";
import { renderStatus } from "./statusTable.ts";
import { useColour } from "./terminal.ts";

const command = defineCommand({
  name: "i18n:status",
  summary:
    "Shows every lesson in every language: up to date, which sections are older than the source, or missing; " +
    "and which translations still have machine-made sections no one has reviewed.",
  options: {
    lesson: { type: "string", value: "<id>", description: "only this lesson (a folder of content/lessons)", check: knownLesson() },
    json: { type: "boolean", description: "print the state as JSON instead, with each source section's current hash (the value a translation records)" },
    strict: { type: "boolean", description: "exit 1 when any translation is missing or outdated, for scripts and CI" },
  },
  examples: [
    { run: "", says: "the table, coloured on a terminal, plain when piped" },
    { run: "--lesson welcome --json", says: "one lesson as JSON, with the section hashes to write in a translation's frontmatter" },
    { run: "--strict", says: "in CI: fail when a translation is missing or older than its source" },
  ],
  exitCodes: { 1: "with --strict: a translation is missing or outdated" },
});
const { values } = parseCommandLine(command);
const fail: (message: string) => never = commandFailure("i18n:status");

let course;
try {
  course = buildCourse(readLessons());
} catch (error) {
  fail(`${(error as Error).message}\n(npm run i18n:check lists every problem in the lessons)`);
}
const rows = statusRows(course, values.lesson);
const { lines, complete } = renderStatus(rows, { colour: useColour(process.stdout) });
if (values.json) console.log(JSON.stringify(rows, null, 2));
else console.log(lines.join("\n"));
if (values.strict && !complete) process.exitCode = 1;
