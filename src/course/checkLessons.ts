/**
 * Checks of the lesson files that the build cannot make on one file alone:
 * every translation has the source's sections and cells, in order; and
 * which translations are older than their source (a warning, not an error).
 */
import { sourceLocale } from "../i18n/locales.ts";
import { buildCourse, translationState } from "./course.ts";
import { checkSourceStructure, compareStructure, lessonStructure } from "./lessonStructure.ts";
import type { LessonFileOnDisk } from "./readLessons.ts";

export interface LessonProblem {
  level: "error" | "warning";
  file: string;
  line?: number;
  message: string;
}

export function checkLessons(files: readonly LessonFileOnDisk[]): LessonProblem[] {
  const problems: LessonProblem[] = [];
  let course;
  try {
    course = buildCourse(files);
  } catch (error) {
    return [{ level: "error", file: "content/lessons", message: (error as Error).message }];
  }
  for (const lesson of course.lessons) {
    const source = lessonStructure(lesson.source.text);
    for (const p of checkSourceStructure(source)) problems.push({ level: "error", file: lesson.source.filePath, ...p });
    for (const [locale, file] of lesson.files) {
      if (locale === sourceLocale) continue;
      for (const p of compareStructure(source, lessonStructure(file.text))) problems.push({ level: "error", file: file.filePath, ...p });
      if (translationState(lesson, locale).status === "outdated") {
        problems.push({
          level: "warning",
          file: file.filePath,
          message: `made from an older ${sourceLocale} text (source hash now ${lesson.sourceHash}, recorded ${file.data.translation?.sourceHash})`,
        });
      }
    }
  }
  return problems;
}
