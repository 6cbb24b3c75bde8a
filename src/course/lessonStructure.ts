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
  line: number;
}

export interface CellBlock {
  id: string;
  line: number;
  /** The code of the cell's fenced block, and the file line it starts on. */
  code: string;
  codeLine: number;
}

export interface LessonStructure {
  sections: Section[];
  cells: CellBlock[];
}

const HEADING = /^(#{1,6})\s+(.*?)\s*$/;
const HEADING_ID = /\s*\{\s*#([A-Za-z0-9_-]+)\s*\}\s*$/;
const CELL = /<Cell\s+[^>]*\bid="([^"]*)"/g;

export function lessonStructure(mdx: string): LessonStructure {
  const sections: Section[] = [];
  const cells: CellBlock[] = [];
  let fence: string | undefined;
  let code: string[] | undefined;
  mdx.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const fenceMatch = /^\s*(```+|~~~+)/.exec(raw);
    const openCell = cells.at(-1);
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
      return;
    }
    if (fence) {
      code?.push(raw);
      return;
    }
    const heading = HEADING.exec(raw);
    if (heading) {
      const idMatch = HEADING_ID.exec(heading[2]!);
      const text = idMatch ? heading[2]!.slice(0, idMatch.index) : heading[2]!;
      sections.push({ depth: heading[1]!.length, id: idMatch?.[1], text, line });
    }
    for (const cell of raw.matchAll(CELL)) cells.push({ id: cell[1]!, line, code: "", codeLine: 0 });
  });
  return { sections, cells };
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
