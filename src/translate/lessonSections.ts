/**
 * A lesson file as the translate command sees it: the title, description
 * and introduction (section `top`), then each section's text by id, in
 * order. Joining the pieces gives the file's body back.
 *
 * @example
 * const parts = lessonSections(readFileSync("content/lessons/x/fr.mdx", "utf8"));
 * parts.sections.get("why-open-models") // "## Pourquoi … {#why-open-models}\n…"
 */
import { parse as parseYaml } from "yaml";
import { splitFrontmatter } from "../course/contentHash.ts";
import { lessonStructure } from "../course/lessonStructure.ts";

export interface LessonSections {
  title: string;
  description: string;
  intro: string;
  /** Section texts by id, heading line included, in file order. */
  sections: Map<string, string>;
}

export function lessonSections(text: string): LessonSections {
  const { frontmatter } = splitFrontmatter(text);
  const data = (parseYaml(frontmatter) ?? {}) as { title?: string; description?: string };
  const structure = lessonStructure(text);
  const firstHeading = structure.sections[0]?.line ?? structure.lines.length + 1;
  const sections = new Map<string, string>();
  for (const s of structure.sections) {
    if (s.id) sections.set(s.id, structure.lines.slice(s.line - 1, s.endLine).join("\n").trim());
  }
  return {
    title: data.title ?? "",
    description: data.description ?? "",
    intro: structure.lines.slice(structure.bodyLine - 1, firstHeading - 1).join("\n").trim(),
    sections,
  };
}

/** The body of a lesson file from its introduction and sections. */
export function joinSections(intro: string, sections: Iterable<string>): string {
  return [intro, ...sections].filter((part) => part.length > 0).join("\n\n") + "\n";
}

/** The `top` section as one text a translator can work on, and back. */
export function introToText(parts: Pick<LessonSections, "title" | "description" | "intro">): string {
  return `TITLE: ${parts.title}\nDESCRIPTION: ${parts.description}\n\n${parts.intro}`;
}

export function introFromText(text: string): Pick<LessonSections, "title" | "description" | "intro"> | undefined {
  const match = /^\s*TITLE:[ \t]*(.+)\r?\nDESCRIPTION:[ \t]*(.+)\r?\n([\s\S]*)$/.exec(text);
  if (!match) return undefined;
  return { title: match[1]!.trim(), description: match[2]!.trim(), intro: match[3]!.trim() };
}
