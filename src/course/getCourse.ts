/**
 * The course built from the `lessons` collection, once per build. Each
 * lesson file is first checked on its own as `npm run i18n:check` does
 * (course/lessonFileChecks.ts), so a mistake stops the build with its file
 * and line rather than reaching a reader. That one parse of each file also
 * gives its cells (`lessonCells`), so pages need not parse their lesson
 * again.
 */
import { getCollection, type CollectionEntry } from "astro:content";
import { buildCourse, CourseError, type Course } from "./course.ts";
import { checkLessonFiles, type LessonCell } from "./lessonFileChecks.ts";
import { lessonStructure } from "./lessonStructure.ts";

export type LessonFile = CollectionEntry<"lessons">;

let cached: Promise<Course<LessonFile>> | undefined;
/** Each lesson file's cells, by file path, from the checks' parse (only ids and code are kept: the trees are not). */
const cellsByFile = new Map<string, LessonCell[]>();

const filePathOf = (entry: LessonFile) => entry.filePath ?? `content/lessons/${entry.id}.mdx`;

function checkFiles(entries: readonly LessonFile[]): void {
  const files = entries.map(filePathOf);
  const checks = checkLessonFiles(files);
  const problems = Object.values(checks.folders).flat();
  for (const file of files) {
    cellsByFile.set(file, checks.files[file]!.cells);
    problems.push(...checks.files[file]!.problems);
  }
  if (problems.length > 0) throw new CourseError(`${problems.length} problem(s) in the lessons (npm run i18n:check lists them too):\n${problems.join("\n")}`);
}

export function getCourse(): Promise<Course<LessonFile>> {
  cached ??= getCollection("lessons")
    .then((entries) => {
      checkFiles(entries);
      return buildCourse(entries);
    })
    .catch((error: unknown) => {
      // Not kept: once the author fixes the file, the next page (in `astro dev`) checks again.
      cached = undefined;
      throw error;
    });
  return cached;
}

/** A lesson file's cells in order, as the course's checks parsed them (parsed now if they did not). */
export function lessonCells(entry: LessonFile): readonly LessonCell[] {
  return cellsByFile.get(filePathOf(entry)) ?? lessonStructure(entry.body ?? "").cells;
}
