/**
 * The course built from the `lessons` collection, once per build. Each
 * lesson file is first checked on its own as `npm run i18n:check` does
 * (valid MDX, known components and labels, cells whose code compiles and
 * type-checks, images with alt text, no script), so a
 * mistake stops the build with its file and line rather than reaching a
 * reader.
 */
import { readFileSync } from "node:fs";
import { getCollection, type CollectionEntry } from "astro:content";
import { formatProblem, lessonFileProblems, servedDataOnDisk } from "./checkLessons.ts";
import { dataFileProblems, readDataFiles } from "./checkLessonData.ts";
import { dirname } from "node:path";
import { buildCourse, CourseError, type Course } from "./course.ts";
import { lessonStructure } from "./lessonStructure.ts";

export type LessonFile = CollectionEntry<"lessons">;

let cached: Promise<Course<LessonFile>> | undefined;

function checkFiles(entries: readonly LessonFile[]): void {
  const files = entries.map((entry) => entry.filePath ?? `content/lessons/${entry.id}.mdx`);
  // Each lesson's data files once (JSON that parses, schemas beside them), then each lesson file.
  const dirs = [...new Set(files.map((f) => dirname(f)))];
  const problems = [
    ...dirs.flatMap((dir) => dataFileProblems(dir, readDataFiles(dir)).map((p) => formatProblem(p))),
    ...files.flatMap((file) =>
      lessonFileProblems(lessonStructure(readFileSync(file, "utf8")), servedDataOnDisk(file)).map((p) => formatProblem({ file, line: 1, ...p })),
    ),
  ];
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
