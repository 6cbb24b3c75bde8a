/**
 * The Observable Framework counterpart of a Carnet lesson page, for
 * bench/firstOutput.bench.ts: the lesson's own text as Framework Markdown
 * (its prose, headings, tables and links; every cell's code as a listing
 * that does not run; the family chart as the built Carnet page draws it;
 * control labels in the page's language) with six small JavaScript cells,
 * which Framework runs at load, where the lesson's first cell stands. Both
 * sides of the comparison then carry the same text.
 *
 * @example
 * const page = observableLessonPage(readFileSync("content/lessons/open-source-models/en.mdx", "utf8"), { labels: en });
 * writeFileSync(join(dir, "src/index.md"), page);
 */
import { parse as parseYaml } from "yaml";
import { splitFrontmatter } from "../../src/course/contentHash.ts";
import { labelIn } from "../../src/i18n/uiLabels.ts";

/** Six small cells that run at load; the first one's output ("Hello, Ada!") is what the benchmark waits for. */
export const SIX_CELLS = [
  'const name = "Ada";\nconst greeting = `Hello, ${name}!`;\ndisplay(greeting);',
  "display(greeting.toUpperCase());",
  "const squares = Array.from({length: 10}, (_, i) => i * i);\ndisplay(squares);",
  "display(squares.reduce((sum, n) => sum + n, 0));",
  'const words = greeting.split(" ");\ndisplay(words.length);',
  'display(new Map([["a", {deep: [1, 2]}]]));',
];

export interface ObservableLessonOptions {
  /** The UI strings of the page's language (locales/<locale>.json), for `<UiLabel name="…" />`. */
  labels: Record<string, unknown>;
  /** The HTML standing for `<FamilyChart />`; nothing when not given. */
  chartHtml?: string;
}

const listing = (code: string) => `\`\`\`ts run=false\n${code}\n\`\`\``;

export function observableLessonPage(mdx: string, options: ObservableLessonOptions): string {
  const { frontmatter, body } = splitFrontmatter(mdx);
  const data = (parseYaml(frontmatter) ?? {}) as { title?: string; description?: string };
  let cells = 0;
  const text = body
    .replace(/^(#{1,6} .*?)\s*\{#[\w-]+\}[ \t]*$/gm, "$1")
    .replace(/<UiLabel\s+name="([\w.-]+)"\s*\/>/g, (_, name: string) => `<kbd>${labelIn(options.labels, name) ?? name}</kbd>`)
    .replace(/<FamilyChart\s*\/>/g, options.chartHtml ?? "")
    .replace(/<Cell\b[^>]*>\s*```\w*\n([\s\S]*?)\n```\s*<\/Cell>/g, (_, code: string) => {
      const shown = listing(code);
      return cells++ === 0 ? [shown, ...SIX_CELLS.map((cell) => `\`\`\`js\n${cell}\n\`\`\``)].join("\n\n") : shown;
    });
  if (cells === 0) throw new Error("observableLessonPage: the lesson has no <Cell>, so there is no place for the six cells");
  return `# ${data.title ?? "Lesson"}\n\n${data.description ?? ""}\n\n${text}`;
}
