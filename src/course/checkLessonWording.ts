/**
 * Wording checks of lessons against the interface and the glossary, for
 * `npm run i18n:check`: a control quoted with a label the interface does
 * not show in that language, a glossary term translated otherwise than the
 * glossary says (in up-to-date sections), and a printed label left in
 * English in a translated cell.
 *
 * @example
 * checkLessonWording(readLessons(), { en, ja }, parseGlossary(json)) // LessonProblem[]
 */
import { sourceLocale } from "../i18n/locales.ts";
import { misquotedLabels } from "../i18n/quotedUiLabels.ts";
import { untranslatedLabels } from "./cellLabels.ts";
import type { LessonProblem } from "./checkLessons.ts";
import { buildCourse, translationState } from "./course.ts";
import { missingTerms, type Glossary } from "./glossaryTerms.ts";
import { lessonStructure, sectionTexts } from "./lessonStructure.ts";
import type { LessonFileOnDisk } from "./readLessons.ts";

export function checkLessonWording(
  files: readonly LessonFileOnDisk[],
  strings: Record<string, Record<string, unknown>>,
  glossary: Glossary,
): LessonProblem[] {
  const problems: LessonProblem[] = [];
  for (const lesson of buildCourse(files).lessons) {
    const source = lessonStructure(lesson.source.text);
    const sourceSections = sectionTexts(source);
    for (const [locale, file] of lesson.files) {
      for (const m of misquotedLabels(file.text, locale, strings)) {
        problems.push({ level: "error", file: file.filePath, line: m.line, message: `"${m.quoted}" names a control the interface labels "${m.expected}" here: write <UiLabel name="${m.key}" />` });
      }
      if (locale === sourceLocale) continue;
      const structure = lessonStructure(file.text);
      const outdated = new Set(translationState(lesson, locale).outdatedSections);
      for (const [id, text] of sectionTexts(structure)) {
        const english = sourceSections.get(id);
        if (english === undefined || outdated.has(id)) continue;
        const line = structure.sections.find((s) => s.id === id)?.line;
        for (const term of missingTerms(english, text, locale, glossary)) {
          const forms = glossary.terms[term]![locale]!.join(", ");
          problems.push({ level: "error", file: file.filePath, line, message: `section #${id}: "${term}" is not translated as content/glossary.json says (${forms})` });
        }
      }
      for (const cell of structure.cells) {
        const english = source.cells.find((c) => c.id === cell.id);
        if (!english) continue;
        for (const label of untranslatedLabels(english.code, cell.code, glossary.labels[locale] ?? [])) {
          problems.push({ level: "error", file: file.filePath, line: cell.codeLine, message: `cell "${cell.id}": printed label "${label}" is not translated (or list it under labels.${locale} in content/glossary.json if it is the same word)` });
        }
      }
    }
  }
  return problems;
}
