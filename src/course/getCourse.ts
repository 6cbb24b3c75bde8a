/**
 * The course built from the `lessons` collection, once per build. Each
 * lesson file is first checked on its own as `npm run i18n:check` does
 * (course/lessonFileChecks.ts), so a mistake stops the build with its file
 * and line rather than reaching a reader. The build starts those checks
 * while Vite bundles (build/earlyLessonChecks.ts); what they did not cover
 * is checked here. That one parse of each file also gives its cells
 * (`lessonCells`), so pages need not parse their lesson again.
 */
import { dirname } from "node:path";
import { getCollection, type CollectionEntry } from "astro:content";
import { buildCourse, CourseError, type Course } from "./course.ts";
import { earlyLessonChecks } from "./lessonChecksHandoff.ts";
import { checkLessonFiles, type LessonCell } from "./lessonFileChecks.ts";
import { lessonStructure } from "./lessonStructure.ts";

export type LessonFile = CollectionEntry<"lessons">;

let cached: Promise<Course<LessonFile>> | undefined;
/** Each lesson file's cells, by file path, from the checks' parse (only ids and code are kept: the trees are not). */
const cellsByFile = new Map<string, LessonCell[]>();

const filePathOf = (entry: LessonFile) => entry.filePath ?? `content/lessons/${entry.id}.mdx`;

async function checkFiles(entries: readonly LessonFile[]): Promise<void> {
  const files = entries.map(filePathOf);
  const early = await earlyLessonChecks();
  const late = checkLessonFiles(files.filter((file) => !early?.files[file]));
  const folders = { ...early?.folders, ...late.folders };
  const problems = [...new Set(files.map((f) => dirname(f)))].flatMap((dir) => folders[dir] ?? []);
  for (const file of files) {
    const checked = late.files[file] ?? early!.files[file]!;
    cellsByFile.set(file, checked.cells);
    problems.push(...checked.problems);
  }
  if (problems.length > 0) throw new CourseError(`${problems.length} problem(s) in the lessons (npm run i18n:check lists them too):\n${problems.join("\n")}`);
}

export function getCourse(): Promise<Course<LessonFile>> {
  cached ??= getCollection("lessons")
    .then(async (entries) => {
      await checkFiles(entries);
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
