/**
 * What must match between a lesson and its translations: the sections (by
 * their explicit `{#id}`) and the cells (by `<Cell id>`), in order. Read
 * from the MDX text, skipping fenced code.
 *
 * @example
 * lessonStructure("## Why? {#why}\n<Cell id=\"a\">").sections // [{ depth: 2, id: "why", text: "Why?", line: 1 }]
 */
import { firstShapeDifference } from "./codeShape.ts";

export interface Section {
  depth: number;
  /** The explicit id, or undefined when the heading has none. */
  id: string | undefined;
  text: string;
  /** File lines of the heading and of the section's last line. */
  line: number;
  endLine: number;
}

export interface CellBlock {
  id: string;
  line: number;
  /** The code of the cell's fenced block, and the file line it starts on. */
  code: string;
  codeLine: number;
}

export interface LessonLink {
  target: string;
  line: number;
}

export interface LessonStructure {
  sections: Section[];
  cells: CellBlock[];
  /** Link targets in the prose: Markdown links and href attributes. */
  links: LessonLink[];
  /** The file's lines, and where the body starts (after the frontmatter). */
  lines: string[];
  bodyLine: number;
}

const HEADING = /^(#{1,6})\s+(.*?)\s*$/;
const HEADING_ID = /\s*\{\s*#([A-Za-z0-9_-]+)\s*\}\s*$/;
const CELL = /<Cell\s+[^>]*\bid="([^"]*)"/g;
const LINK = /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|\bhref="([^"]+)"/g;

export function lessonStructure(mdx: string): LessonStructure {
  const lines = mdx.split(/\r?\n/);
  const sections: Section[] = [];
  const cells: CellBlock[] = [];
  const links: LessonLink[] = [];
  let bodyLine = 1;
  if (lines[0] === "---") {
    const close = lines.indexOf("---", 1);
    if (close > 0) bodyLine = close + 2;
  }
  let fence: string | undefined;
  let code: string[] | undefined;
  let openCell: CellBlock | undefined;
  for (let index = bodyLine - 1; index < lines.length; index++) {
    const raw = lines[index]!;
    const line = index + 1;
    const fenceMatch = /^\s*(```+|~~~+)/.exec(raw);
    if (fenceMatch) {
      const marker = fenceMatch[1]!;
      if (!fence) {
        fence = marker;
        if (openCell && openCell.codeLine === 0) {
          code = [];
          openCell.codeLine = line + 1;
        }
      } else if (marker.startsWith(fence)) {
        fence = undefined;
        if (code && openCell) openCell.code = code.join("\n");
        code = undefined;
      }
      continue;
    }
    if (fence) {
      code?.push(raw);
      continue;
    }
    const heading = HEADING.exec(raw);
    if (heading) {
      const idMatch = HEADING_ID.exec(heading[2]!);
      const text = idMatch ? heading[2]!.slice(0, idMatch.index) : heading[2]!;
      const previous = sections.at(-1);
      if (previous) previous.endLine = line - 1;
      sections.push({ depth: heading[1]!.length, id: idMatch?.[1], text, line, endLine: lines.length });
    }
    for (const cell of raw.matchAll(CELL)) {
      openCell = { id: cell[1]!, line, code: "", codeLine: 0 };
      cells.push(openCell);
    }
    if (raw.includes("</Cell>")) openCell = undefined;
    for (const link of raw.replace(/`[^`]*`/g, "").matchAll(LINK)) links.push({ target: (link[1] ?? link[2])!, line });
  }
  return { sections, cells, links, lines, bodyLine };
}

/** The id a lesson's introduction (title, description and text before the first heading) goes by. */
export const INTRO_SECTION = "top";

/**
 * Each section's text, keyed by id: the introduction under `top`, then
 * every heading down to the next heading of any level.
 */
export function sectionTexts(structure: LessonStructure, intro: string[] = []): Map<string, string> {
  const texts = new Map<string, string>();
  const firstHeading = structure.sections[0]?.line ?? structure.lines.length + 1;
  const introText = structure.lines.slice(structure.bodyLine - 1, firstHeading - 1).join("\n").trim();
  texts.set(INTRO_SECTION, [...intro, introText].join("\n"));
  for (const s of structure.sections) {
    if (s.id) texts.set(s.id, structure.lines.slice(s.line - 1, s.endLine).join("\n"));
  }
  return texts;
}

export interface StructureProblem {
  line?: number;
  message: string;
}

/** Differences between a translation's structure and its source's. */
export function compareStructure(source: LessonStructure, translation: LessonStructure): StructureProblem[] {
  const problems: StructureProblem[] = [];
  for (const s of translation.sections) {
    if (!s.id) problems.push({ line: s.line, message: `heading "${s.text}" has no {#id}; give it the id of the source heading it translates` });
  }
  const ids = (list: { id?: string }[]) => list.map((x) => x.id ?? "?").join(", ");
  if (ids(source.sections) !== ids(translation.sections)) {
    problems.push({ message: `sections differ from the source: expected [${ids(source.sections)}], found [${ids(translation.sections)}]` });
  } else {
    source.sections.forEach((s, i) => {
      const t = translation.sections[i]!;
      if (s.depth !== t.depth) problems.push({ line: t.line, message: `section #${t.id} is a level-${t.depth} heading; the source's is level ${s.depth}` });
    });
  }
  if (ids(source.cells) !== ids(translation.cells)) {
    problems.push({ message: `cells differ from the source: expected [${ids(source.cells)}], found [${ids(translation.cells)}]` });
  } else {
    source.cells.forEach((s, i) => {
      const t = translation.cells[i]!;
      const difference = firstShapeDifference(s.code, t.code);
      if (difference) {
        problems.push({
          line: t.codeLine + difference.line - 1,
          message: `cell "${t.id}": code differs from the source beyond comments and strings: expected \`${difference.expected}\`, found \`${difference.found}\``,
        });
      }
    });
  }
  return problems;
}

/** Problems of a source lesson on its own: headings without ids, repeated ids. */
export function checkSourceStructure(structure: LessonStructure): StructureProblem[] {
  const problems: StructureProblem[] = [];
  const seen = new Set<string>();
  for (const s of structure.sections) {
    if (!s.id) problems.push({ line: s.line, message: `heading "${s.text}" has no {#id}; sections need ids that stay the same in every language` });
    else if (seen.has(s.id)) problems.push({ line: s.line, message: `section id #${s.id} is used twice` });
    if (s.id) seen.add(s.id);
  }
  const cellIds = new Set<string>();
  for (const c of structure.cells) {
    if (cellIds.has(c.id)) problems.push({ line: c.line, message: `cell id "${c.id}" is used twice` });
    cellIds.add(c.id);
  }
  return problems;
}
