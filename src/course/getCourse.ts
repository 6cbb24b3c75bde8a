/**
 * The course built from the `lessons` collection, once per build. Each
 * lesson file is first checked on its own as `npm run i18n:check` does
 * (valid MDX, known components and labels, cells whose code compiles and
 * type-checks, images with alt text, no script), so a
 * mistake stops the build with its file and line rather than reaching a
 * reader. That one parse of each file also gives its cells (`lessonCells`),
 * so pages need not parse their lesson again.
 */
import { readFileSync } from "node:fs";
import { getCollection, type CollectionEntry } from "astro:content";
import { formatProblem, lessonFileProblems, servedDataOnDisk } from "./checkLessons.ts";
import { dataFileProblems, readDataFiles } from "./checkLessonData.ts";
import { dirname } from "node:path";
import { releaseCellTypeChecks } from "./cellTypes.ts";
import { buildCourse, CourseError, type Course } from "./course.ts";
import { lessonStructure } from "./lessonStructure.ts";

export type LessonFile = CollectionEntry<"lessons">;

/** A cell as a page needs it: its id and its code. */
export interface LessonCell {
  id: string;
  code: string;
}

let cached: Promise<Course<LessonFile>> | undefined;
/** Each lesson file's cells, by file path, from the checks' parse (only ids and code are kept: the trees are not). */
const cellsByFile = new Map<string, LessonCell[]>();

const filePathOf = (entry: LessonFile) => entry.filePath ?? `content/lessons/${entry.id}.mdx`;

function checkFiles(entries: readonly LessonFile[]): void {
  const files = entries.map(filePathOf);
  // Each lesson's data files once (JSON that parses, schemas beside them), then each lesson file.
  const dirs = [...new Set(files.map((f) => dirname(f)))];
  const problems = dirs.flatMap((dir) => dataFileProblems(dir, readDataFiles(dir)).map((p) => formatProblem(p)));
  for (const file of files) {
    const structure = lessonStructure(readFileSync(file, "utf8"));
    cellsByFile.set(file, structure.cells.map(({ id, code }) => ({ id, code })));
    problems.push(...lessonFileProblems(structure, servedDataOnDisk(file)).map((p) => formatProblem({ file, line: 1, ...p })));
  }
  // Pages need none of the type checker: its memory goes before they are rendered.
  releaseCellTypeChecks();
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
