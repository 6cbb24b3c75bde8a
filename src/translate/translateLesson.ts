/**
 * Brings one lesson's translation up to date, section by section: only the
 * sections that are missing or outdated are sent to the translator; sections
 * a person reviewed and sections still up to date are kept as they are.
 * Each new section must pass `checkSection` (with up to `retries` more
 * tries, told what was wrong); the whole file must pass the same checks as
 * `i18n:check`; otherwise nothing is written.
 *
 * @example
 * const report = await translateLesson({ lesson: "open-source-models", locale: "fr", translator, model: "Qwen/Qwen2.5-72B-Instruct" });
 * report.written // true when the file was updated
 */
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { sectionHashes, sectionProvenance } from "../course/course.ts";
import { withTranslation, type TranslationBlock } from "../course/frontmatter.ts";
import { formatProblem, lessonFileProblems, servedDataOnDisk } from "../course/checkLessons.ts";
import { localizeLinks } from "../course/lessonLinks.ts";
import { untranslatedSections } from "../course/untranslatedSections.ts";
import { compareStructure, INTRO_SECTION, lessonStructure } from "../course/lessonStructure.ts";
import { lessonFileFromText, readLessonFile, readLessons } from "../course/readLessons.ts";
import { checkCourse } from "../course/checkCourse.ts";
import { checkUiStrings } from "../i18n/checkUiStrings.ts";
import { join, resolve } from "node:path";
import { getLocale, sourceLocale } from "../i18n/locales.ts";
import { checkSection } from "./checkSection.ts";
import { introFromText, introToText, joinSections, lessonSections } from "./lessonSections.ts";

export interface SectionRequest {
  lesson: string;
  sectionId: string;
  /** English name of the target language, e.g. "French". */
  language: string;
  locale: string;
  text: string;
  glossary: readonly string[];
  /** Why the previous try was refused, when this is a retry. */
  feedback?: string;
}

/** A translated section, and the model that answered when the backend says. */
interface SectionAnswer {
  text: string;
  model?: string;
}

/** Turns one source section into the target language. */
export type SectionTranslator = (request: SectionRequest) => Promise<string | SectionAnswer>;

/** The translator cannot be reached at all: retrying or going on to other sections would not help. */
export class TranslatorUnreachable extends Error {
  override name = "TranslatorUnreachable";
}

/** The reason a retry is given: short, so a retry is the original request plus one line. */
const FEEDBACK_LIMIT = 400;

export type Progress =
  | { kind: "plan"; translate: string[]; keep: string[]; skip: { id: string; why: string }[] }
  | { kind: "section"; id: string; index: number; total: number; attempt: number; ok: boolean; problems: string[]; ms: number; model?: string };

export interface TranslateOptions {
  lesson: string;
  locale: string;
  translator: SectionTranslator;
  /** The model that translates, recorded in the provenance. */
  model: string;
  glossary?: readonly string[];
  retries?: number;
  root?: string;
  now?: Date;
  onProgress?: (event: Progress) => void;
}

export interface TranslateReport {
  file: string;
  written: boolean;
  translated: string[];
  kept: string[];
  skipped: { id: string; why: string }[];
  failed: { id: string; problems: string[] }[];
  /** The models that answered (as the backend named them), in order of first answer. */
  answeredBy: string[];
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/**
 * What `npm run i18n:check` would say against the new file, were it written:
 * the same code, run on the course with this file in place. Problems of
 * other files are not this translation's to fix.
 */
function wholeFileProblems(root: string, file: string, id: string, text: string): string[] {
  const project = resolve(root, "../..");
  let entry;
  try {
    entry = lessonFileFromText(file, text, id);
  } catch (error) {
    return (error as Error).message.split("\n");
  }
  const lessons = readLessons(root).filter((l) => l.filePath !== file);
  const { strings } = checkUiStrings(join(project, "locales"));
  return checkCourse([...lessons, entry], strings, join(project, "content/glossary.json"))
    .filter((p) => p.level === "error" && p.file === file)
    .map((p) => formatProblem(p));
}

export async function translateLesson(options: TranslateOptions): Promise<TranslateReport> {
  const { lesson, locale, translator, model, glossary = [], retries = 2, root = "content/lessons", now = new Date() } = options;
  if (locale === sourceLocale) throw new Error(`${locale} is the source locale; translate into another one`);
  const language = getLocale(locale).englishName;
  const sourceFile = `${root}/${lesson}/${sourceLocale}.mdx`;
  if (!existsSync(sourceFile)) throw new Error(`${sourceFile} does not exist: no lesson "${lesson}"`);
  const file = `${root}/${lesson}/${locale}.mdx`;
  const source = readLessonFile(sourceFile, `${lesson}/${sourceLocale}`);
  const sourceStructure = lessonStructure(source.text);
  const structureProblems = lessonFileProblems(sourceStructure, servedDataOnDisk(sourceFile));
  if (structureProblems.length > 0) throw new Error(`${formatProblem({ file: sourceFile, line: 1, ...structureProblems[0]! })} (fix the source first)`);
  const hashes = sectionHashes(source);
  const sourceParts = lessonSections(source.text);
  // The model sees links already in the target language: a translated lesson links to lessons in its own language.
  const sourceText = (id: string) => localizeLinks(id === INTRO_SECTION ? introToText(sourceParts) : sourceParts.sections.get(id)!, locale);

  const target = existsSync(file) ? readLessonFile(file, `${lesson}/${locale}`) : undefined;
  const targetParts = target ? lessonSections(target.text) : undefined;
  const info = target?.data.translation;
  const existingText = (id: string) => (id === INTRO_SECTION ? (targetParts ? introToText(targetParts) : undefined) : targetParts?.sections.get(id));

  const report: TranslateReport = { file, written: false, translated: [], kept: [], skipped: [], failed: [], answeredBy: [] };
  const plan: string[] = [];
  // A fresh copy from i18n:new records every hash, yet its sections are still the source's text.
  const untranslated = new Set(target ? untranslatedSections(source, target, locale) : []);
  for (const [id, hash] of hashes) {
    const made = info && sectionProvenance(info, id);
    const present = existingText(id) !== undefined;
    if (present && made?.hash === hash && !untranslated.has(id)) report.kept.push(id);
    else if (present && made?.reviewed) report.skipped.push({ id, why: "reviewed by a person, and the source changed since: update it by hand, then mark it reviewed again" });
    else plan.push(id);
  }
  options.onProgress?.({ kind: "plan", translate: plan, keep: report.kept, skip: report.skipped });

  const fresh = new Map<string, { text: string; model: string }>();
  for (const [index, id] of plan.entries()) {
    let feedback: string | undefined;
    for (let attempt = 1; attempt <= retries + 1; attempt++) {
      const started = performance.now();
      let text = "";
      let answeredBy: string | undefined;
      let problems: string[];
      try {
        const answer = await translator({ lesson, sectionId: id, language, locale, text: sourceText(id), glossary, feedback });
        text = (typeof answer === "string" ? answer : answer.text).trim();
        answeredBy = typeof answer === "string" ? undefined : answer.model;
        if (answeredBy && !report.answeredBy.includes(answeredBy)) report.answeredBy.push(answeredBy);
        problems = id === INTRO_SECTION && !introFromText(text) ? ["the title and description lines (TITLE: …, DESCRIPTION: …) are missing"] : checkSection(sourceText(id), text, glossary, locale);
        // The next try is the original request and this one reason, never the refused answer.
        feedback = problems.length > 0 ? truncate(problems.join("; "), FEEDBACK_LIMIT) : undefined;
      } catch (error) {
        if (error instanceof TranslatorUnreachable) throw error;
        problems = [`the translator failed: ${(error as Error).message}`];
        feedback = undefined;
      }
      const ok = problems.length === 0;
      options.onProgress?.({ kind: "section", id, index: index + 1, total: plan.length, attempt, ok, problems, ms: performance.now() - started, model: answeredBy });
      if (ok) {
        fresh.set(id, { text, model: answeredBy ?? model });
        break;
      }
      if (attempt === retries + 1) report.failed.push({ id, problems });
    }
  }
  if (report.failed.length > 0 || plan.length === 0) return report;

  const textOf = (id: string) => fresh.get(id)?.text ?? existingText(id)!;
  const intro = introFromText(textOf(INTRO_SECTION))!;
  const body = joinSections(intro.intro, [...hashes.keys()].filter((id) => id !== INTRO_SECTION).map(textOf));
  const whole = compareStructure(sourceStructure, lessonStructure(body));
  if (whole.length > 0) {
    report.failed.push({ id: "(whole file)", problems: whole.map((p) => p.message) });
    return report;
  }

  const block: TranslationBlock = info
    ? { ...info, sections: { ...info.sections } }
    : { source: sourceLocale, date: now, by: "machine", model: report.answeredBy[0] ?? model, sections: {} };
  block.date = now;
  // Provenance names the model that answered, which may not be the one asked for (a server may fall back).
  for (const [id, made] of fresh) {
    const hash = hashes.get(id)!;
    block.sections[id] = block.by === "machine" && block.model === made.model ? hash : { hash, by: "machine", model: made.model };
  }
  // Provenance in source order, without sections the source no longer has.
  block.sections = Object.fromEntries([...hashes.keys()].map((id) => [id, block.sections[id]!]));
  const skeleton = target?.text ?? `---\ntitle: ""\ndescription: ""\n---\n`;
  const text = withTranslation(skeleton, block, { body, title: intro.title, description: intro.description });
  const refused = wholeFileProblems(root, file, `${lesson}/${locale}`, text);
  if (refused.length > 0) {
    report.failed.push({ id: "(whole file)", problems: refused });
    return report;
  }
  writeAtomically(file, text);
  report.translated = [...fresh.keys()];
  report.written = true;
  return report;
}
