/**
 * `npm run i18n:check`: fails when a locale's UI strings miss a key of the
 * source locale (or keep one it no longer has), when a lesson file's
 * frontmatter is invalid, when a lesson file is wrong on its own (MDX,
 * components and UI labels, cells whose code does not compile or
 * type-check, missing imports, images without alt text, script, links to
 * missing lessons or to another language's, data files against their
 * schemas), when a translation's
 * sections or cells differ from its source, or when a lesson's wording
 * disagrees with the interface or the glossary
 * (src/course/checkLessonWording.ts). Outdated translations and UI strings
 * not translated yet are reported as warnings.
 */
import { locales } from "../i18n/locales.ts";
import { checkUiStrings } from "../i18n/checkUiStrings.ts";
import { formatProblem } from "../course/checkLessons.ts";
import { checkCourse } from "../course/checkCourse.ts";
import { readLessons } from "../course/readLessons.ts";
import { defineCommand, parseCommandLine } from "./commandLine.ts";

parseCommandLine(
  defineCommand({
    name: "i18n:check",
    summary:
      "Checks the translations: every locale's UI strings have every key of the source locale (with the plural forms the language needs) and no others, " +
      "every lesson file's frontmatter is valid, and each translated lesson has its source's sections, cells and code. " +
      "Each lesson file on its own: cells that compile and type-check against the lesson's data files, imports that exist, known UI label keys, " +
      "images with alt text, no raw HTML that runs script, links to lessons that exist (in the file's own language); data files against their schemas. " +
      "Outdated translations are warnings, not errors.",
    examples: [{ run: "", says: "check everything; run it before committing a lesson or a UI string" }],
    exitCodes: { 1: "an error was found (each is listed with its file and line)" },
  }),
);

const { errors, warnings, strings } = checkUiStrings();

try {
  for (const p of checkCourse(readLessons(), strings)) {
    (p.level === "error" ? errors : warnings).push(formatProblem(p));
  }
} catch (error) {
  errors.push(...(error as Error).message.split("\n"));
}

for (const w of warnings) console.warn(`! ${w}`);
for (const e of errors) console.error(`✗ ${e}`);
if (errors.length > 0) {
  console.error(`\ni18n check: ${errors.length} error(s), ${warnings.length} warning(s)`);
  process.exit(1);
}
console.log(`i18n check: UI strings complete in ${locales.length} locales, lessons consistent (${warnings.length} warning(s))`);
