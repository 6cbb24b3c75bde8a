/**
 * The structural checks one translated section must pass before it is
 * used: the same heading (level and id), the same cells with the same code
 * apart from comments and strings, the same components and links, the
 * glossary's terms kept, and actual translation rather than an echo.
 *
 * @example
 * checkSection("## Why? {#why}\nText.", "## Pourquoi ? {#why}\nTexte.", []) // []
 */
import { checkOwnStructure, compareStructure, lessonStructure } from "../course/lessonStructure.ts";
import { droppedTerms } from "./glossary.ts";

const COMPONENT = /^\s*<\/?[A-Z][\w.]*(\s[^>]*)?\/?>\s*$/;

function components(text: string): string[] {
  const found: string[] = [];
  let inFence = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    else if (!inFence && COMPONENT.test(line)) found.push(line.trim());
  }
  return found;
}

function fences(text: string): number {
  return text.split(/\r?\n/).filter((line) => /^\s*(```|~~~)/.test(line)).length;
}

export function checkSection(source: string, translation: string, glossary: readonly string[]): string[] {
  const problems: string[] = [];
  if (translation.trim() === "") return ["the translation is empty"];
  const a = lessonStructure(source);
  const b = lessonStructure(translation);
  for (const p of [...checkOwnStructure(b), ...compareStructure(a, b)]) problems.push(p.message);
  if (fences(source) !== fences(translation)) problems.push(`code fences differ: ${fences(source)} in the source, ${fences(translation)} here`);
  const ca = components(source).join("\n");
  const cb = components(translation).join("\n");
  if (ca !== cb) problems.push(`components differ: expected [${components(source).join(" ")}], found [${components(translation).join(" ")}]`);
  const la = a.links.map((l) => l.target).sort().join(" ");
  const lb = b.links.map((l) => l.target).sort().join(" ");
  if (la !== lb) problems.push(`links differ: expected [${la}], found [${lb}]`);
  const dropped = droppedTerms(source, translation, glossary);
  if (dropped.length > 0) problems.push(`glossary terms must stay as they are: ${dropped.join(", ")}`);
  const prose = (t: string) => t.replace(/```[\s\S]*?```/g, "").replace(/\s+/g, " ").trim();
  if (prose(source).length > 40 && prose(source) === prose(translation)) problems.push("the text was not translated");
  return problems;
}
