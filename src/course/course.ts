/**
 * The course as a whole: lessons in order, each with its source file and
 * its translations, and the state of every translation. Pure functions over
 * the collection's entries, so the build, the checks and the tests share
 * them.
 *
 * @example
 * const course = buildCourse(entries);
 * translationState(course.lessons[0], "fr").outdatedSections // ["why-open-models"]
 */
import { isLocale, localeCodes, sourceLocale } from "../i18n/locales.ts";
import { contentHash } from "./contentHash.ts";
import { lessonStructure, sectionTexts } from "./lessonStructure.ts";
import type { LessonData, TranslationInfo } from "./lessonSchema.ts";

/** One lesson file, as the content collection gives it. */
export interface LessonEntry {
  /** `<lesson>/<locale>` */
  id: string;
  filePath?: string;
  data: LessonData;
  body?: string;
}

export interface Lesson<E extends LessonEntry = LessonEntry> {
  slug: string;
  order: number;
  source: E;
  /** Each source section's `contentHash`, by section id, in order: what up-to-date translations record. */
  sourceSections: Map<string, string>;
  /** Files by locale, the source included. */
  files: Map<string, E>;
}

export interface Course<E extends LessonEntry = LessonEntry> {
  lessons: Lesson<E>[];
}

export type TranslationStatus = "source" | "current" | "outdated" | "missing";

export interface TranslationState {
  status: TranslationStatus;
  /** Some sections are machine-made and not yet reviewed (the page shows a disclaimer). */
  machine: boolean;
  /** Ids of sections made by a machine and not reviewed by a person. */
  machineSections: string[];
  /** Ids of source sections changed (or added) since they were translated, in source order. */
  outdatedSections: string[];
  /** Ids of sections a person has reviewed. */
  reviewedSections: string[];
  /** Ids of sections a person translated. */
  humanSections: string[];
  info?: TranslationInfo;
}

/** One translated section's provenance, with the file's defaults filled in. */
export interface SectionProvenance {
  hash: string;
  by: "machine" | "human";
  model?: string;
  reviewed?: Date;
}

export function sectionProvenance(info: TranslationInfo, id: string): SectionProvenance | undefined {
  const entry = info.sections[id];
  if (entry === undefined) return undefined;
  if (typeof entry === "string") return { hash: entry, by: info.by, model: info.model };
  return { hash: entry.hash, by: entry.by ?? info.by, model: entry.model ?? info.model, reviewed: entry.reviewed };
}

/** The hash of every section of a lesson file (title and description count as part of `top`). */
export function sectionHashes(entry: { data: LessonData; body?: string }): Map<string, string> {
  const texts = sectionTexts(lessonStructure(entry.body ?? ""), [entry.data.title, entry.data.description]);
  return new Map([...texts].map(([id, text]) => [id, contentHash(text)]));
}

/** A problem in the course's files; the message names the file and what to fix. */
export class CourseError extends Error {
  override name = "CourseError";
}

function fileOf(entry: LessonEntry): string {
  return entry.filePath ?? `content/lessons/${entry.id}.mdx`;
}

/** Groups entries into lessons and checks what a schema cannot see on its own. */
export function buildCourse<E extends LessonEntry>(entries: readonly E[]): Course<E> {
  const bySlug = new Map<string, Map<string, E>>();
  for (const entry of entries) {
    const [slug, locale, ...rest] = entry.id.split("/");
    if (!slug || !locale || rest.length > 0) {
      throw new CourseError(`${fileOf(entry)}: lesson files go in content/lessons/<lesson>/<locale>.mdx`);
    }
    if (!isLocale(locale)) {
      throw new CourseError(`${fileOf(entry)}: unknown locale "${locale}"; known locales: ${localeCodes.join(", ")} (add new ones to src/i18n/locales.json)`);
    }
    const files = bySlug.get(slug) ?? new Map<string, E>();
    files.set(locale, entry);
    bySlug.set(slug, files);
  }

  const lessons: Lesson<E>[] = [];
  const slugByOrder = new Map<number, string>();
  for (const [slug, files] of bySlug) {
    const source = files.get(sourceLocale);
    if (!source) {
      throw new CourseError(`content/lessons/${slug}/: no ${sourceLocale}.mdx; every lesson needs its source file in ${sourceLocale}`);
    }
    const order = source.data.order;
    if (order === undefined) throw new CourseError(`${fileOf(source)}: order: the source file must give the lesson's position in the course`);
    const other = slugByOrder.get(order);
    if (other) {
      throw new CourseError(`${fileOf(source)}: order: ${order} is also the order of lesson "${other}"; each lesson needs its own`);
    }
    slugByOrder.set(order, slug);
    for (const [locale, entry] of files) {
      if (locale === sourceLocale) continue;
      const info = entry.data.translation;
      if (!info) throw new CourseError(`${fileOf(entry)}: translation: a translation must record its provenance, with the fields source, date, by, model (for a machine) and sections (see "Translate a lesson" in the README)`);
      if (info.source !== sourceLocale) throw new CourseError(`${fileOf(entry)}: translation.source: "${info.source}" is not the source locale "${sourceLocale}"`);
    }
    lessons.push({ slug, order, source, sourceSections: sectionHashes(source), files });
  }
  lessons.sort((a, b) => a.order - b.order);
  return { lessons };
}

/** Whether a lesson exists in a locale, and if so whether it is up to date. */
export function translationState(lesson: Lesson, locale: string): TranslationState {
  const none = { machine: false, machineSections: [], outdatedSections: [], reviewedSections: [], humanSections: [] };
  if (locale === sourceLocale) return { status: "source", ...none };
  const info = lesson.files.get(locale)?.data.translation;
  if (!info) return { status: "missing", ...none };
  const outdatedSections: string[] = [];
  const machineSections: string[] = [];
  const reviewedSections: string[] = [];
  const humanSections: string[] = [];
  for (const [id, hash] of lesson.sourceSections) {
    const made = sectionProvenance(info, id);
    if (made?.hash !== hash) outdatedSections.push(id);
    if (made?.reviewed) reviewedSections.push(id);
    else if (made?.by === "machine") machineSections.push(id);
    else if (made?.by === "human") humanSections.push(id);
  }
  return {
    status: outdatedSections.length === 0 ? "current" : "outdated",
    machine: machineSections.length > 0,
    machineSections,
    outdatedSections,
    reviewedSections,
    humanSections,
    info,
  };
}

/** The lessons before and after one, for previous/next links. */
export function neighbours<E extends LessonEntry>(course: Course<E>, slug: string): { previous?: Lesson<E>; next?: Lesson<E> } {
  const at = course.lessons.findIndex((l) => l.slug === slug);
  return { previous: course.lessons[at - 1], next: at === -1 ? undefined : course.lessons[at + 1] };
}
