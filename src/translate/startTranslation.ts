/**
 * Starts a translation by hand: copies the source lesson to
 * `<locale>.mdx` with its provenance already written (today's date, `by:
 * human`, and the hash of every source section), so the translator only
 * translates the text. Links to lessons already lead to the target
 * language's pages (`lessonLinks.ts`). Until a section differs from the
 * source it counts as not translated yet (`untranslatedSections.ts`). Never
 * overwrites a file.
 *
 * @example
 * startTranslation({ lesson: "welcome", locale: "de" })
 * // { file: "content/lessons/welcome/de.mdx", sections: ["top", "reading", "cells", "translations"] }
 */
import { existsSync, writeFileSync } from "node:fs";
import { sectionHashes } from "../course/course.ts";
import { withTranslation } from "../course/frontmatter.ts";
import { readLessonFile } from "../course/readLessons.ts";
import { localizeLinks } from "../course/lessonLinks.ts";
import { getLocale, isLocale, localeCodes, sourceLocale } from "../i18n/locales.ts";

export interface StartOptions {
  lesson: string;
  locale: string;
  root?: string;
  now?: Date;
}

export function startTranslation({ lesson, locale, root = "content/lessons", now = new Date() }: StartOptions): { file: string; sections: string[] } {
  if (!isLocale(locale)) throw new Error(`"${locale}" is not a locale of src/i18n/locales.json; locales: ${localeCodes.join(", ")}`);
  if (locale === sourceLocale) throw new Error(`${locale} is the source locale: lessons are written in it, not translated into it`);
  const sourceFile = `${root}/${lesson}/${sourceLocale}.mdx`;
  if (!existsSync(sourceFile)) throw new Error(`${sourceFile} does not exist: no lesson "${lesson}"`);
  const file = `${root}/${lesson}/${locale}.mdx`;
  if (existsSync(file)) {
    throw new Error(`${file} already exists; nothing written. Edit it, or update its outdated sections with npm run translate -- --lesson ${lesson} --to ${locale} (npm run i18n:status -- --lesson ${lesson} shows which)`);
  }
  const source = readLessonFile(sourceFile, `${lesson}/${sourceLocale}`);
  const hashes = sectionHashes(source);
  const text = withTranslation(localizeLinks(source.text, locale), { source: sourceLocale, date: new Date(now.toISOString().slice(0, 10)), by: "human", sections: Object.fromEntries(hashes) });
  writeFileSync(file, text, { flag: "wx" });
  return { file, sections: [...hashes.keys()] };
}

/** What the translator does next, in the command's output. */
export function nextSteps(file: string, locale: string, sections: readonly string[], lesson?: string): string {
  return [
    `Wrote ${file}: a copy of the ${sourceLocale} lesson to translate into ${getLocale(locale).englishName}, its provenance already recorded (by: human).`,
    `Translate the title, the description and these sections: ${sections.map((id) => `#${id}`).join(", ")}.`,
    `Keep every {#id}, <Cell id> and the code itself; links to lessons already lead to their ${getLocale(locale).englishName} pages (/${locale}/lessons/…): keep them so. Comments and prose strings in cells may be translated (strings marked @keep may not).`,
    "npm run i18n:check then checks it; npm run i18n:status shows the sections not translated yet.",
    `Or have a model translate them: npm run translate -- --lesson ${lesson ?? "<id>"} --to ${locale}`,
  ].join("\n");
}
