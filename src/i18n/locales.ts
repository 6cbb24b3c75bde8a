/**
 * The locale registry: every locale the site is published in, read from
 * `locales.json` and checked once at import time.
 *
 * @example
 * getLocale("ar").dir // "rtl"
 * isLocale("pt-BR")   // true
 */
import { z } from "zod";
import data from "./locales.json" with { type: "json" };

const localeSchema = z.object({
  code: z.string().regex(/^[a-z]{2,3}(-[A-Z][A-Za-z]{1,3})?$/, "a BCP 47 code such as fr or pt-BR"),
  name: z.string().min(1),
  englishName: z.string().min(1),
  dir: z.enum(["ltr", "rtl"]),
});

export type Locale = z.infer<typeof localeSchema>;

/** Parses registry data; throws a message naming the entry and field at fault. */
export function parseLocaleRegistry(input: unknown): Locale[] {
  const result = z.object({ locales: z.array(localeSchema).min(1) }).safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`src/i18n/locales.json: ${issue.path.join(".")}: ${issue.message}`);
  }
  const seen = new Set<string>();
  for (const locale of result.data.locales) {
    if (seen.has(locale.code)) throw new Error(`src/i18n/locales.json: locale ${locale.code} is listed twice`);
    seen.add(locale.code);
  }
  return result.data.locales;
}

export const locales: readonly Locale[] = parseLocaleRegistry(data);
export const localeCodes: readonly string[] = locales.map((l) => l.code);
/** The language lessons are written in; translations are made from it. */
export const sourceLocale: string = locales[0]!.code;

export function isLocale(code: string | undefined): code is string {
  return code !== undefined && localeCodes.includes(code);
}

export function getLocale(code: string): Locale {
  const locale = locales.find((l) => l.code === code);
  if (!locale) throw new Error(`Unknown locale "${code}"; known: ${localeCodes.join(", ")}`);
  return locale;
}
