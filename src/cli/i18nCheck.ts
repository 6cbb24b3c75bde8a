/**
 * `npm run i18n:check`: fails when a locale's UI strings miss a key of the
 * source locale (or keep one it no longer has), when a lesson file's
 * frontmatter is invalid, or when a translation's sections or cells differ
 * from its source, or when a lesson's wording disagrees with the interface
 * or the glossary (src/course/checkLessonWording.ts). Outdated translations
 * are reported as warnings.
 */
import { existsSync, readFileSync } from "node:fs";
import { locales, sourceLocale } from "../i18n/locales.ts";
import { findMissingKeys } from "../i18n/missingKeys.ts";
import { checkLessons } from "../course/checkLessons.ts";
import { readLessons } from "../course/readLessons.ts";
import { checkLessonWording } from "../course/checkLessonWording.ts";
import { parseGlossary } from "../course/glossaryTerms.ts";

const errors: string[] = [];
const warnings: string[] = [];

function readStrings(code: string): Record<string, unknown> | undefined {
  const file = `locales/${code}.json`;
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    errors.push(`${file}: ${(error as Error).message}`);
    return undefined;
  }
}

const strings: Record<string, Record<string, unknown>> = {};
const source = readStrings(sourceLocale);
if (source) strings[sourceLocale] = source;
for (const { code } of locales) {
  if (code === sourceLocale || !source) continue;
  const target = readStrings(code);
  if (target) strings[code] = target;
  if (!target) continue;
  for (const { key, problem } of findMissingKeys(source, target, code)) {
    const why = problem === "missing" ? `missing (present in locales/${sourceLocale}.json)` : problem === "missing plural form" ? `missing (a plural form ${code} needs)` : problem;
    errors.push(`locales/${code}.json: ${key}: ${why}`);
  }
}

try {
  const lessons = readLessons();
  const glossaryFile = "content/glossary.json";
  const glossary = parseGlossary(existsSync(glossaryFile) ? JSON.parse(readFileSync(glossaryFile, "utf8")) : { keep: [] });
  for (const p of [...checkLessons(lessons), ...checkLessonWording(lessons, strings, glossary)]) {
    const where = p.line ? `${p.file}:${p.line}` : p.file;
    (p.level === "error" ? errors : warnings).push(`${where}: ${p.message}`);
  }
} catch (error) {
  errors.push((error as Error).message);
}

for (const w of warnings) console.warn(`! ${w}`);
for (const e of errors) console.error(`✗ ${e}`);
if (errors.length > 0) {
  console.error(`\ni18n check: ${errors.length} error(s), ${warnings.length} warning(s)`);
  process.exit(1);
}
console.log(`i18n check: UI strings complete in ${locales.length} locales, lessons consistent (${warnings.length} warning(s))`);
