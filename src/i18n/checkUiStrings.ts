/**
 * The checks `npm run i18n:check` makes of the UI strings
 * `locales/<code>.json`: every registered locale has its file, with every
 * key of the source locale's (in the plural forms its language needs) and
 * nothing extra (errors); and strings still identical to the source's are
 * listed as not translated yet (a warning), unless
 * `locales/same-as-source.json` says they are the same on purpose.
 *
 * @example
 * const { errors, warnings } = checkUiStrings("locales");
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { locales, sourceLocale } from "./locales.ts";
import { findMissingKeys, flattenKeys } from "./missingKeys.ts";

const SAME_AS_SOURCE_FILE = "same-as-source.json";

const sameAsSourceSchema = z.object({
  everywhere: z.array(z.string()).default([]),
  locales: z.record(z.string(), z.array(z.string())).default({}),
});

export interface UiStringReport {
  errors: string[];
  warnings: string[];
  /** Each locale's strings that could be read, by code (the source's included). */
  strings: Record<string, Record<string, unknown>>;
}

/** Keys a few to a line, indented, so that hundreds of them stay readable in a terminal. */
function wrapList(keys: readonly string[], width = 96): string {
  const lines: string[] = [];
  let line = "";
  for (const key of keys) {
    if (line && line.length + key.length + 2 > width) {
      lines.push(`${line},`);
      line = "";
    }
    line = line ? `${line}, ${key}` : key;
  }
  if (line) lines.push(line);
  return lines.map((l) => `    ${l}`).join("\n");
}

function readJson(file: string, report: UiStringReport, missing: string): unknown {
  if (!existsSync(file)) {
    report.errors.push(`${file} is missing: ${missing}`);
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    report.errors.push(`${file}: not valid JSON: ${(error as Error).message}`);
    return undefined;
  }
}

/** Keys whose text is the source's, by locale, that are not accepted as the same on purpose. */
function untranslatedKeys(source: Record<string, unknown>, target: Record<string, unknown>, accepted: ReadonlySet<string>): string[] {
  const sourceFlat = flattenKeys(source);
  return [...flattenKeys(target)].filter(([key, text]) => typeof text === "string" && text !== "" && sourceFlat.get(key) === text && !accepted.has(key)).map(([key]) => key);
}

export function checkUiStrings(dir = "locales"): UiStringReport {
  const report: UiStringReport = { errors: [], warnings: [], strings: {} };
  const sourceFile = join(dir, `${sourceLocale}.json`);
  const source = readJson(sourceFile, report, `it holds the UI strings of the source locale ${sourceLocale}, which every other locale translates`) as Record<string, unknown> | undefined;
  if (!source) return report;
  report.strings[sourceLocale] = source;
  const sameFile = join(dir, SAME_AS_SOURCE_FILE);
  const parsed = sameAsSourceSchema.safeParse(existsSync(sameFile) ? readJson(sameFile, report, "") : {});
  if (!parsed.success) report.errors.push(`${sameFile}: ${parsed.error.issues[0]!.path.join(".")}: ${parsed.error.issues[0]!.message}`);
  const same = parsed.success ? parsed.data : { everywhere: [], locales: {} };
  for (const { code, englishName } of locales) {
    if (code === sourceLocale) continue;
    const file = join(dir, `${code}.json`);
    const target = readJson(file, report, `every locale in src/i18n/locales.json needs its UI strings: copy ${sourceFile} to ${file} and translate its strings into ${englishName}`);
    if (!target || typeof target !== "object") continue;
    const strings = target as Record<string, unknown>;
    report.strings[code] = strings;
    for (const { key, problem } of findMissingKeys(source, strings, code)) {
      const why = problem === "missing" ? `missing (present in ${sourceFile})` : problem === "missing plural form" ? `missing (a plural form ${code} needs)` : problem;
      report.errors.push(`${file}: ${key}: ${why}`);
    }
    const untranslated = untranslatedKeys(source, strings, new Set([...same.everywhere, ...(same.locales[code] ?? [])]));
    if (untranslated.length > 0) {
      report.warnings.push(
        `${file}: ${untranslated.length} string(s) still as in ${sourceFile}, not translated yet (translate them, or list a key in ${sameFile} when it is the same on purpose, such as a brand name):\n${wrapList(untranslated)}`,
      );
    }
  }
  return report;
}
