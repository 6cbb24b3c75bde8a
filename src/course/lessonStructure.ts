/**
 * What must match between a lesson and its translations: the sections (by
 * their explicit `{#id}`) and the cells (by `<Cell id>`), in order. Read
 * with the MDX parser the build renders lessons with (satteri, through
 * `markdownFeatures`), so the checks and the site cannot disagree about
 * where a heading, a cell or a code block is.
 *
 * @example
 * lessonStructure("## Why? {#why}\n").sections // [{ depth: 2, id: "why", text: "Why?", line: 1, endLine: 1 }]
 */
import { mdxToMdast } from "satteri";
import { firstShapeDifference } from "./codeShape.ts";
import { lessonComponents, markdownFeatures } from "./markdownFeatures.ts";
import { isUiLabelKey, uiLabelKeys } from "../i18n/uiLabels.ts";
import { didYouMean } from "./didYouMean.ts";

interface Section {
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

interface LessonLink {
  target: string;
  line: number;
}

export interface StructureProblem {
  line?: number;
  message: string;
}

export interface LessonStructure {
  sections: Section[];
  cells: CellBlock[];
  /** Link targets in the prose: Markdown links and href attributes. */
  links: LessonLink[];
  /** Components used (`<Cell>`, `<FamilyChart />`), in order. */
  components: { name: string; line: number }[];
  /** How many fenced code blocks the text has, in cells or not. */
  codeBlocks: number;
  /** What is wrong with the file on its own: MDX it cannot parse, cells without ids, unknown components. */
  problems: StructureProblem[];
  /** The file's lines, and where the body starts (after the frontmatter). */
  lines: string[];
  bodyLine: number;
}

/** The part of an mdast node this module reads. */
interface Node {
  type: string;
  name?: string | null;
  depth?: number;
  value?: string;
  url?: string;
  alt?: string | null;
  attributes?: { type: string; name?: string; value?: unknown }[];
  data?: { hProperties?: { id?: unknown } };
  position?: { start: { line: number }; end: { line: number } };
  children?: Node[];
}

function plainText(node: Node): string {
  if (node.type === "text" || node.type === "inlineCode") return node.value ?? "";
  return (node.children ?? []).map(plainText).join("");
}

function attribute(node: Node, name: string): { present: boolean; value: unknown } {
  const found = node.attributes?.find((a) => a.type === "mdxJsxAttribute" && a.name === name);
  return { present: found !== undefined, value: found?.value };
}

/** The mdast tree of an MDX text, or the parser's complaint with its line. */
function parse(mdx: string): { tree?: Node; problem?: StructureProblem } {
  try {
    return { tree: mdxToMdast(mdx, { features: markdownFeatures }) as Node };
  } catch (error) {
    const message = (error as Error).message;
    const at = /^(\d+):\d+: /.exec(message);
    const why = message.replace(/^\d+:\d+: /, "").replace(/ \(\d+:\d+\)/, "").replace(/ \([\w-]+:[\w-]+\)$/, "");
    return { problem: { line: at ? Number(at[1]) : undefined, message: `this is not valid MDX, so the page cannot be built: ${why}` } };
  }
}

export function lessonStructure(mdx: string): LessonStructure {
  const lines = mdx.split(/\r?\n/);
  const structure: LessonStructure = { sections: [], cells: [], links: [], components: [], codeBlocks: 0, problems: [], lines, bodyLine: 1 };
  const { tree, problem } = parse(mdx);
  if (problem) structure.problems.push(problem);
  const visit = (node: Node): void => {
    const line = node.position?.start.line ?? 0;
    if (node.type === "yaml" || node.type === "toml") structure.bodyLine = (node.position?.end.line ?? 0) + 1;
    else if (node.type === "code") structure.codeBlocks++;
    else if (node.type === "heading") {
      const id = node.data?.hProperties?.id;
      structure.sections.push({ depth: node.depth ?? 1, id: typeof id === "string" ? id : undefined, text: plainText(node).trim(), line, endLine: lines.length });
    } else if (node.type === "image") {
      if (!node.alt?.trim()) structure.problems.push({ line, message: `image ${node.url ?? ""} has no alt text: write what it shows, ![what it shows](${node.url ?? "…"}), so readers who cannot see it know` });
    } else if (node.type === "html") {
      if (/<\s*(script|iframe)\b|\son[a-z]+\s*=/i.test(node.value ?? "")) structure.problems.push({ line, message: `raw HTML that runs script is not allowed in a lesson: ${(node.value ?? "").slice(0, 60)}` });
    } else if (node.type === "link" || node.type === "definition") {
      if (node.url) structure.links.push({ target: node.url, line });
    } else if (node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement") {
      const name = node.name ?? "";
      const href = attribute(node, "href").value;
      if (typeof href === "string") structure.links.push({ target: href, line });
      if (/^[A-Z]/.test(name)) {
        structure.components.push({ name, line });
        if (!lessonComponents.includes(name)) {
          structure.problems.push({ line, message: `<${name}> is not a component lessons can use; they are: ${lessonComponents.map((c) => `<${c}>`).join(", ")}` });
        }
      }
      if (name === "Cell") readCell(node, line);
      if (name === "UiLabel") readUiLabel(node, line);
      if (/^(script|iframe|object|embed)$/i.test(name)) {
        structure.problems.push({ line, message: `<${name}> is not allowed in a lesson: it would run code the site does not check; use a <Cell> for code` });
      }
      for (const a of node.attributes ?? []) {
        if (a.type === "mdxJsxAttribute" && a.name && /^on/i.test(a.name)) {
          structure.problems.push({ line, message: `the ${a.name}= attribute on <${name}> is not allowed in a lesson: it would run script` });
        }
        if (a.type === "mdxJsxAttribute" && typeof a.value === "string" && /^\s*javascript:/i.test(a.value)) {
          structure.problems.push({ line, message: `a javascript: address on <${name}> is not allowed in a lesson` });
        }
      }
      if (name === "img" && !attribute(node, "alt").present) structure.problems.push({ line, message: `<img> has no alt text: add alt="…" saying what it shows` });
    }
    node.children?.forEach(visit);
  };
  const readCell = (node: Node, line: number): void => {
    const id = attribute(node, "id");
    if (typeof id.value !== "string" || id.value === "") {
      const why = id.present ? "its id must be plain text in quotes" : "it has no id";
      structure.problems.push({ line, message: `<Cell> ${why}: write <Cell id="…"> with an id of lowercase letters, digits and dashes, the same in every language` });
      return;
    }
    const block = node.children?.find((c) => c.type === "code");
    if (!block) structure.problems.push({ line, message: `<Cell id="${id.value}"> has no code: put a \`\`\`ts fenced block inside it` });
    structure.cells.push({ id: id.value, line, code: block?.value ?? "", codeLine: (block?.position?.start.line ?? line) + 1 });
  };
  const readUiLabel = (node: Node, line: number): void => {
    const name = attribute(node, "name").value;
    if (typeof name === "string" && isUiLabelKey(name)) return;
    const close = typeof name === "string" ? didYouMean(name, uiLabelKeys) : undefined;
    const wrong = typeof name === "string" ? `"${name}" is not a control label` : "it needs a name in quotes";
    structure.problems.push({ line, message: `<UiLabel>: ${wrong}${close ? ` (did you mean "${close}"?)` : ""}; labels: ${uiLabelKeys.join(", ")}` });
  };
  if (tree) visit(tree);
  structure.sections.forEach((s, i) => {
    const next = structure.sections[i + 1];
    if (next) s.endLine = next.line - 1;
  });
  return structure;
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

/** Differences between a translation's structure and its source's. */
export function compareStructure(source: LessonStructure, translation: LessonStructure): StructureProblem[] {
  const problems: StructureProblem[] = [];
  const ids = (list: { id?: string }[]) => list.map((x) => x.id ?? "?").join(", ");
  /** The line of the first of `found` that differs from `expected`, else of the last one (or the body's start). */
  const firstDifference = (expected: { id?: string }[], found: { id?: string; line: number }[]) =>
    (found.find((x, i) => x.id !== expected[i]?.id) ?? found.at(-1))?.line ?? translation.bodyLine;
  if (ids(source.sections) !== ids(translation.sections)) {
    problems.push({ line: firstDifference(source.sections, translation.sections), message: `sections differ from the source: expected [${ids(source.sections)}], found [${ids(translation.sections)}]` });
  } else {
    source.sections.forEach((s, i) => {
      const t = translation.sections[i]!;
      if (s.depth !== t.depth) problems.push({ line: t.line, message: `section #${t.id} is a level-${t.depth} heading; the source's is level ${s.depth}` });
    });
  }
  if (ids(source.cells) !== ids(translation.cells)) {
    problems.push({ line: firstDifference(source.cells, translation.cells), message: `cells differ from the source: expected [${ids(source.cells)}], found [${ids(translation.cells)}]` });
  } else {
    source.cells.forEach((s, i) => {
      const t = translation.cells[i]!;
      const difference = firstShapeDifference(s.code, t.code);
      if (difference) problems.push({ line: t.codeLine + difference.line - 1, message: `cell "${t.id}": ${difference.message}` });
    });
  }
  return problems;
}

/** Problems of a lesson file on its own: invalid MDX, cells and components, headings without ids, repeated ids. */
export function checkOwnStructure(structure: LessonStructure): StructureProblem[] {
  const problems: StructureProblem[] = [...structure.problems];
  const seen = new Set<string>();
  for (const s of structure.sections) {
    if (!s.id) problems.push({ line: s.line, message: `heading "${s.text}" has no {#id}; sections need ids that stay the same in every language (a translation keeps its source heading's id)` });
    else if (seen.has(s.id)) problems.push({ line: s.line, message: `section id #${s.id} is used twice` });
    if (s.id) seen.add(s.id);
  }
  const cellIds = new Set<string>();
  for (const c of structure.cells) {
    if (cellIds.has(c.id)) problems.push({ line: c.line, message: `cell id "${c.id}" is used twice` });
    cellIds.add(c.id);
  }
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
