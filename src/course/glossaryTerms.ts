/**
 * The translated terms of `content/glossary.json` and the check that a
 * translation uses them: when the English text of a section uses a term
 * (as a whole word, singular or plural), the translated section, if it is
 * up to date, must contain one of the forms the glossary accepts for its
 * language. Forms are matched case-insensitively and may be stems, so
 * inflected words (German cases, Arabic prefixes) still match.
 *
 * @example
 * const glossary = parseGlossary(JSON.parse(text));
 * missingTerms("A router picks…", "Un aiguilleur choisit…", "fr", glossary) // ["router"]
 */
import { z } from "zod";

const glossarySchema = z
  .object({
    keep: z.array(z.string().min(1)),
    /** English term → language → accepted forms. */
    terms: z.record(z.string().min(1), z.record(z.string(), z.array(z.string().min(1)).min(1))).default({}),
    /** Language → printed labels that are the same word there as in English. */
    labels: z.record(z.string(), z.array(z.string())).default({}),
  })
  .loose();

export type Glossary = z.infer<typeof glossarySchema>;

export function parseGlossary(input: unknown, file = "content/glossary.json"): Glossary {
  const result = glossarySchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
  }
  return result.data;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether English text uses a term as a whole word (or its plural in -s). */
export function usesTerm(text: string, term: string): boolean {
  return new RegExp(`(^|[^\\p{L}\\p{N}_])${escape(term)}s?($|[^\\p{L}\\p{N}_])`, "iu").test(text);
}

/** Terms the English section uses that the translated section renders with none of the glossary's forms. */
export function missingTerms(source: string, translation: string, locale: string, glossary: Glossary): string[] {
  const flat = (text: string) => text.replace(/\s+/g, " ").toLocaleLowerCase(locale);
  const lower = flat(translation);
  return Object.entries(glossary.terms).flatMap(([term, byLocale]) => {
    const forms = byLocale[locale];
    if (!forms || !usesTerm(source.replace(/\s+/g, " "), term)) return [];
    return forms.some((form) => lower.includes(flat(form))) ? [] : [term];
  });
}
