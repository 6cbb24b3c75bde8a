/**
 * Every check of the lessons, as one call: the lesson files on their own and
 * against their source (`checkLessons.ts`) and their wording against the
 * interface and the glossary (`checkLessonWording.ts`). `npm run
 * i18n:check` prints what it finds; `translate` runs it on the course with
 * its new file in place and writes the file only when it adds no error.
 *
 * @example
 * const problems = checkCourse(readLessons(), checkUiStrings().strings);
 */
import { existsSync, readFileSync } from "node:fs";
import { checkLessons, type LessonProblem } from "./checkLessons.ts";
import { checkLessonWording } from "./checkLessonWording.ts";
import { parseGlossary } from "./glossaryTerms.ts";
import type { LessonFileOnDisk } from "./readLessons.ts";

export function checkCourse(lessons: readonly LessonFileOnDisk[], strings: Record<string, Record<string, unknown>>, glossaryFile = "content/glossary.json"): LessonProblem[] {
  const glossary = parseGlossary(existsSync(glossaryFile) ? JSON.parse(readFileSync(glossaryFile, "utf8")) : { keep: [] });
  return [...checkLessons(lessons), ...checkLessonWording(lessons, strings, glossary)];
}
