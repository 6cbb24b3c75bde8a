/**
 * Checks of the lesson files: each file on its own (valid MDX, known
 * components, cells with ids whose code compiles, headings with ids), then
 * across files: every translation has the source's sections and cells, in
 * order, with the same code; internal links point at lessons and anchors
 * that exist; and which sections of a translation are older than their
 * source (a warning, not an error). A problem is reported against the file
 * that has it.
 */
import { isLocale, sourceLocale } from "../i18n/locales.ts";
import { buildCourse, translationState, type Course } from "./course.ts";
import { cellSyntaxProblems } from "./cellSyntax.ts";
import { checkOwnStructure, compareStructure, INTRO_SECTION, lessonStructure, sectionTexts, type LessonStructure, type StructureProblem } from "./lessonStructure.ts";
import type { LessonFileOnDisk } from "./readLessons.ts";

export interface LessonProblem {
  level: "error" | "warning";
  file: string;
  line?: number;
  message: string;
}

/** Anchors a lesson page has: its sections, its cells and the top of the page. */
function anchorsOf(structure: LessonStructure): Set<string> {
  return new Set([INTRO_SECTION, "content", ...structure.sections.flatMap((s) => (s.id ? [s.id] : [])), ...structure.cells.map((c) => `cell-${c.id}`)]);
}

/** Why an internal link is broken, or undefined when it resolves. */
function brokenLink(target: string, own: Set<string>, course: Course<LessonFileOnDisk>, anchors: Map<string, Set<string>>): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined;
  const [path, anchor] = target.split("#") as [string, string | undefined];
  if (path === "") return anchor && own.has(anchor) ? undefined : `#${anchor} is not a section or cell of this lesson`;
  if (!path.startsWith("/")) return undefined;
  const [, locale, kind, slug, ...rest] = path.split("/");
  if (!isLocale(locale)) return `"${locale}" is not a locale`;
  if (kind === "" || kind === undefined) return anchor ? `the course index has no anchor #${anchor}` : undefined;
  if (kind !== "lessons" || !slug || rest.some((r) => r !== "")) return `no page at ${path}`;
  if (!course.lessons.some((l) => l.slug === slug)) return `no lesson "${slug}"`;
  if (anchor && !anchors.get(slug)?.has(anchor)) return `lesson "${slug}" has no section or cell #${anchor}`;
  return undefined;
}

/** What is wrong with one lesson file on its own, whatever its language: the checks the build makes too. */
export function lessonFileProblems(structure: LessonStructure): StructureProblem[] {
  return [...checkOwnStructure(structure), ...cellSyntaxProblems(structure.cells)];
}

/** Prose of a section without its code blocks, spaces collapsed: what translating changes. */
export function prose(text: string): string {
  return text.replace(/```[\s\S]*?```/g, "").replace(/\s+/g, " ").trim();
}

/** Sections of a translation whose prose is still the source's, word for word. */
function untranslatedSections(source: LessonFileOnDisk, sourceStructure: LessonStructure, file: LessonFileOnDisk, structure: LessonStructure): string[] {
  const before = sectionTexts(sourceStructure, [source.data.title, source.data.description]);
  const after = sectionTexts(structure, [file.data.title, file.data.description]);
  return [...before].filter(([id, text]) => prose(text).length > 40 && prose(text) === prose(after.get(id) ?? "")).map(([id]) => id);
}

export function checkLessons(files: readonly LessonFileOnDisk[]): LessonProblem[] {
  const problems: LessonProblem[] = [];
  let course: Course<LessonFileOnDisk>;
  try {
    course = buildCourse(files);
  } catch (error) {
    return [{ level: "error", file: "content/lessons", message: (error as Error).message }];
  }
  const structures = new Map(files.map((f) => [f.filePath, lessonStructure(f.text)]));
  const anchors = new Map(course.lessons.map((l) => [l.slug, anchorsOf(structures.get(l.source.filePath)!)]));

  for (const lesson of course.lessons) {
    const source = structures.get(lesson.source.filePath)!;
    const sourceProblems = lessonFileProblems(source);
    for (const [locale, file] of lesson.files) {
      const structure = structures.get(file.filePath)!;
      // A translation repeats its source's code: its compile errors are the source's until the source is fixed.
      const own = locale === sourceLocale ? sourceProblems : sourceProblems.length > 0 ? checkOwnStructure(structure) : lessonFileProblems(structure);
      for (const p of own) problems.push({ level: "error", file: file.filePath, ...p });
      for (const link of structure.links) {
        const why = brokenLink(link.target, anchorsOf(structure), course, anchors);
        if (why) problems.push({ level: "error", file: file.filePath, line: link.line, message: `broken link ${link.target}: ${why}` });
      }
      if (locale === sourceLocale) continue;
      // Compared only when both files are sound, so a mistake is reported once, against the file that has it.
      if (sourceProblems.length === 0 && own.length === 0) {
        for (const p of compareStructure(source, structure)) problems.push({ level: "error", file: file.filePath, ...p });
      }
      for (const id of untranslatedSections(lesson.source, source, file, structure)) {
        const line = structure.sections.find((s) => s.id === id)?.line ?? structure.bodyLine;
        problems.push({ level: "warning", file: file.filePath, line, message: `section #${id} is still the ${sourceLocale} text, word for word: translate it` });
      }
      const state = translationState(lesson, locale);
      for (const id of state.outdatedSections) {
        const line = structure.sections.find((s) => s.id === id)?.line;
        problems.push({ level: "warning", file: file.filePath, line, message: `section #${id} is outdated: the ${sourceLocale} text changed since it was translated` });
      }
    }
  }
  return problems;
}
