/** The glossary of terms translations keep unchanged (`content/glossary.json`). */
import { readFileSync } from "node:fs";
import { z } from "zod";

const glossarySchema = z.object({ keep: z.array(z.string().min(1)) }).loose();

export function readGlossary(file = "content/glossary.json"): string[] {
  const result = glossarySchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!result.success) throw new Error(`${file}: ${result.error.issues[0]!.path.join(".")}: ${result.error.issues[0]!.message}`);
  return result.data.keep;
}

/** Glossary terms the source text uses (as whole words) that the translation dropped. */
export function droppedTerms(source: string, translation: string, terms: readonly string[]): string[] {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return terms.filter((term) => {
    const word = new RegExp(`(^|[^\\p{L}\\p{N}_])${escape(term)}($|[^\\p{L}\\p{N}_])`, "u");
    return word.test(source) && !translation.includes(term);
  });
}
