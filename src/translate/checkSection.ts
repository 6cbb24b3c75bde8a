/**
 * The structural checks one translated section must pass before it is
 * used: the same heading (level and id), the same cells with the same code
 * apart from comments and strings, the same components, code blocks and
 * links (all read with the build's MDX parser; links to lessons in the
 * target language, `lessonLinks.ts`), the glossary's terms kept,
 * and actual translation rather than an echo.
 *
 * @example
 * checkSection("## Why? {#why}\nText.", "## Pourquoi ? {#why}\nTexte.", []) // []
 */
import { prose } from "../course/checkLessons.ts";
import { checkOwnStructure, compareStructure, lessonStructure } from "../course/lessonStructure.ts";
import { droppedTerms } from "./glossary.ts";
import { linkForLocale } from "../course/lessonLinks.ts";

/** `locale`: the target language, whose lesson pages the translation's links lead to. */
export function checkSection(source: string, translation: string, glossary: readonly string[], locale?: string): string[] {
  const problems: string[] = [];
  if (translation.trim() === "") return ["the translation is empty"];
  const a = lessonStructure(source);
  const b = lessonStructure(translation);
  for (const p of [...checkOwnStructure(b), ...compareStructure(a, b)]) problems.push(p.message);
  if (a.codeBlocks !== b.codeBlocks) problems.push(`code blocks differ: ${a.codeBlocks} in the source, ${b.codeBlocks} here`);
  const names = (s: typeof a) => s.components.map((c) => `<${c.name}>`).join(" ");
  if (names(a) !== names(b)) problems.push(`components differ: expected [${names(a)}], found [${names(b)}]`);
  const la = a.links.map((l) => (locale ? linkForLocale(l.target, locale) : l.target)).sort().join(" ");
  const lb = b.links.map((l) => l.target).sort().join(" ");
  if (la !== lb) problems.push(`links differ: expected [${la}], found [${lb}]`);
  const dropped = droppedTerms(source, translation, glossary);
  if (dropped.length > 0) problems.push(`glossary terms must stay as they are: ${dropped.join(", ")}`);
  if (prose(source).length > 40 && prose(source) === prose(translation)) problems.push("the text was not translated");
  return problems;
}
