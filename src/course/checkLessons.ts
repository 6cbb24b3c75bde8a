/**
 * The one check of what an author can get wrong, run by `npm run
 * i18n:check`, the build (`getCourse.ts`) and `translate` alike. Each file
 * on its own: valid MDX, known components and UI label keys, cells with ids
 * whose code compiles and type-checks against the lesson's data files (the
 * editor's language service; `cellTypes.ts`), imports that exist, images
 * with alt text, no raw HTML that runs script, headings with ids; the
 * lesson's data files against their schemas (`checkLessonData.ts`). Then
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
import { cellTypeProblems } from "./cellTypes.ts";
import { dataFileProblems, readDataFiles } from "./checkLessonData.ts";
import { servedDataFiles } from "./lessonData.ts";
import { linkForLocale } from "./lessonLinks.ts";
import { basename, dirname } from "node:path";

export interface LessonProblem {
  level: "error" | "warning";
  file: string;
  line?: number;
  column?: number;
  message: string;
}

/** `file:line:column: message`, as editors and terminals link them. */
export function formatProblem(p: { file: string; line?: number; column?: number; message: string }): string {
  return `${p.file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ""}` : ""}: ${p.message}`;
}

/** The data files a lesson file's page serves (its locale's own copies in place of the source's), read from disk. */
export function servedDataOnDisk(filePath: string): Map<string, string> {
  return servedDataFiles(readDataFiles(dirname(filePath)), basename(filePath, ".mdx"));
}

/** Anchors a lesson page has: its sections, its cells and the top of the page. */
function anchorsOf(structure: LessonStructure): Set<string> {
  return new Set([INTRO_SECTION, "content", ...structure.sections.flatMap((s) => (s.id ? [s.id] : [])), ...structure.cells.map((c) => `cell-${c.id}`)]);
}

/** Why an internal link is broken, or undefined when it resolves. */
function brokenLink(target: string, own: Set<string>, course: Course<LessonFileOnDisk>, anchors: Map<string, Set<string>>, page: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined;
  let [path, anchor] = target.split("#") as [string, string | undefined];
  if (path === "") return anchor && own.has(anchor) ? undefined : `#${anchor} is not a section or cell of this lesson`;
  if (!path.startsWith("/")) {
    // Relative to the page's own address, /<locale>/lessons/<lesson>/; a file beside the lesson is not a page.
    if (/\.[a-z0-9]+$/i.test(path)) return undefined;
    path = new URL(path, `https://course.invalid${page}`).pathname;
  }
  const [, locale, kind, slug, ...rest] = path.split("/");
  if (!isLocale(locale)) return `"${locale}" is not a locale`;
  if (kind === "" || kind === undefined) return anchor ? `the course index has no anchor #${anchor}` : undefined;
  if (kind !== "lessons" || !slug || rest.some((r) => r !== "")) return `no page at ${path}`;
  if (!course.lessons.some((l) => l.slug === slug)) return `no lesson "${slug}"`;
  if (anchor && !anchors.get(slug)?.has(anchor)) return `lesson "${slug}" has no section or cell #${anchor}`;
  return undefined;
}

/**
 * What is wrong with one lesson file on its own, whatever its language: the
 * checks the build makes too. With `data` (the data files its page serves),
 * its cells are type-checked as well, once they compile.
 */
export function lessonFileProblems(structure: LessonStructure, data?: ReadonlyMap<string, string>): (StructureProblem & { column?: number })[] {
  const problems = [...checkOwnStructure(structure), ...cellSyntaxProblems(structure.cells)];
  if (data && problems.length === 0) problems.push(...cellTypeProblems(structure.cells, data));
  return problems;
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
    const dir = dirname(lesson.source.filePath);
    for (const p of dataFileProblems(dir, readDataFiles(dir))) problems.push({ level: "error", ...p });
    const sourceData = servedDataOnDisk(lesson.source.filePath);
    const sourceProblems = lessonFileProblems(source, sourceData);
    for (const [locale, file] of lesson.files) {
      const structure = structures.get(file.filePath)!;
      // A translation repeats its source's code: its compile errors are the source's until the source is fixed;
      // its types differ from the source's only with its own copy of a data file.
      const data = servedDataOnDisk(file.filePath);
      const ownData = JSON.stringify([...data]) === JSON.stringify([...sourceData]) ? undefined : data;
      const own = locale === sourceLocale ? sourceProblems : sourceProblems.length > 0 ? checkOwnStructure(structure) : lessonFileProblems(structure, ownData);
      for (const p of own) problems.push({ level: "error", file: file.filePath, ...p });
      for (const link of structure.links) {
        const why = brokenLink(link.target, anchorsOf(structure), course, anchors, `/${locale}/lessons/${lesson.slug}/`);
        if (why) problems.push({ level: "error", file: file.filePath, line: link.line, message: `broken link ${link.target}: ${why}` });
        else if (linkForLocale(link.target, locale) !== link.target) {
          const fixed = linkForLocale(link.target, locale);
          problems.push({ level: "error", file: file.filePath, line: link.line, message: `link ${link.target} leads to another language: a lesson links to lessons in its own language, ${fixed}` });
        }
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
