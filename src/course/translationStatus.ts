/**
 * The data behind `npm run i18n:status`: for each lesson (or one), each
 * source section's current hash and, per locale, whether the translation
 * is up to date, which sections are outdated, and who made each section.
 *
 * @example
 * statusRows(course, "welcome")[0].locales.fr.outdatedSections // ["cells"]
 */
import { localeCodes } from "../i18n/locales.ts";
import { translationState, type Course, type TranslationStatus } from "./course.ts";
import { untranslatedSections } from "./untranslatedSections.ts";

interface LocaleStatus {
  status: TranslationStatus;
  /** Source sections changed or added since they were translated, by id, in source order. */
  outdatedSections: string[];
  /** Sections that still read exactly as the source (a fresh copy from i18n:new), by id, in source order. */
  untranslatedSections: string[];
  machineSections: string[];
  reviewedSections: string[];
  humanSections: string[];
  /** When the translation was made or last updated (YYYY-MM-DD). */
  date?: string;
}

export interface StatusRow {
  lesson: string;
  /** Each source section's current hash, by id: what an up-to-date translation records. */
  sections: Record<string, string>;
  locales: Record<string, LocaleStatus>;
}

export function statusRows(course: Course, lesson?: string): StatusRow[] {
  const lessons = lesson === undefined ? course.lessons : course.lessons.filter((l) => l.slug === lesson);
  if (lessons.length === 0) throw new Error(`no lesson "${lesson}"; lessons: ${course.lessons.map((l) => l.slug).join(", ")}`);
  return lessons.map((l) => ({
    lesson: l.slug,
    sections: Object.fromEntries(l.sourceSections),
    locales: Object.fromEntries(
      localeCodes.map((code) => {
        const { status, outdatedSections, machineSections, reviewedSections, humanSections, info } = translationState(l, code);
        const file = l.files.get(code);
        const untranslated = file && status !== "source" ? untranslatedSections(l.source, file, code) : [];
        return [
          code,
          { status, outdatedSections, untranslatedSections: untranslated, machineSections, reviewedSections, humanSections, date: info?.date.toISOString().slice(0, 10) },
        ];
      }),
    ),
  }));
}
