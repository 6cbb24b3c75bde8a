/**
 * Build-time syntax highlighting for fenced code (cells included), as a
 * Sätteri hast plugin: shiki with one light and dark theme pair, and a
 * cache keyed by language and code. A cell's code is the same in every
 * translation of a lesson, so each block is highlighted once per build
 * rather than once per locale. (Shiki's faster JavaScript regex engine is
 * not used: on a template literal holding CJK text it gave the light and
 * dark themes different tokens, where Oniguruma's are right.)
 *
 * The HTML is kept light: each token's pair of colours becomes one short
 * class (`TOKEN_CLASSES`, coloured in styles/global.css for both themes),
 * text in the default colour is left bare, and shiki's per-line wrappers
 * go (the code's text, newlines included, is unchanged). A colour pair
 * the table does not know keeps shiki's inline colours.
 *
 * @example
 * satteri({ hastPlugins: [highlightCode()] })
 */
import { createHighlighter, type Highlighter } from "shiki";
import type { HastPluginDefinition } from "satteri";

const THEMES = { light: "github-light-default", dark: "github-dark-default" } as const;
const LANGS = ["ts", "typescript", "js", "javascript", "json", "bash", "sh", "shell", "mdx", "markdown", "html", "css", "yaml", "text"];

/** Loaded once, before any file is compiled, so each block is highlighted synchronously. */
const highlighter: Highlighter = await createHighlighter({ themes: Object.values(THEMES), langs: LANGS });
const cache = new Map<string, unknown>();

/** The themes' token colours (light|dark, as shiki writes them) and their classes in styles/global.css. */
export const TOKEN_CLASSES: Readonly<Record<string, string>> = {
  "#CF222E|#FF7B72": "hl-k", // keywords, operators
  "#0A3069|#A5D6FF": "hl-s", // strings
  "#0550AE|#79C0FF": "hl-n", // numbers, constants, properties
  "#8250DF|#D2A8FF": "hl-f", // functions
  "#953800|#FFA657": "hl-t", // types, parameters
  "#6E7781|#8B949E": "hl-c", // comments
};
/** The themes' default text colour: tokens in it need no element of their own. */
const PLAIN = "#1F2328|#E6EDF3";

type Element = { type: string; tagName?: string; value?: string; properties?: Record<string, unknown>; children?: Element[]; data?: Record<string, unknown> };

/** A token span as a class, bare text, or (colours the table does not know) as shiki made it. */
function lightenToken(node: Element): Element | Element[] {
  const style = node.properties?.style;
  const colours = typeof style === "string" ? /^--shiki-light:(#[0-9a-f]+);--shiki-dark:(#[0-9a-f]+)$/i.exec(style) : null;
  if (node.tagName !== "span" || !colours) return node;
  const pair = `${colours[1]!.toUpperCase()}|${colours[2]!.toUpperCase()}`;
  if (pair === PLAIN) return node.children ?? [];
  const className = TOKEN_CLASSES[pair];
  return className ? { ...node, properties: { class: className } } : node;
}

/** Shiki's `<pre>` with its lines unwrapped and its tokens lightened. */
function lightenPre(pre: Element): Element {
  const code = pre.children?.find((c) => c.tagName === "code");
  if (code) {
    code.children = (code.children ?? []).flatMap((child) => {
      const line = child.tagName === "span" && String(child.properties?.class ?? "").split(" ").includes("line");
      return line ? (child.children ?? []).flatMap(lightenToken) : [child];
    });
  }
  const { style: _colours, class: _themes, ...rest } = pre.properties ?? {};
  pre.properties = { class: "shiki", ...rest };
  return pre;
}

function languageOf(code: Element): string {
  const fromData = code.data?.lang;
  if (typeof fromData === "string" && fromData) return fromData;
  const classes = code.properties?.className;
  const cls = Array.isArray(classes) ? classes.find((c) => typeof c === "string" && c.startsWith("language-")) : undefined;
  return typeof cls === "string" ? cls.slice("language-".length) : "text";
}

/** A copy of a hast tree (plain objects, arrays, strings): some ten times faster than `structuredClone`, which a large course would call thousands of times. */
function copyTree<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyTree) as T;
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) copy[key] = copyTree(child);
  return copy as T;
}

/** The highlighted `<pre>` of `code` as a hast tree (a fresh copy each time). */
export function highlight(code: string, lang: string): unknown {
  const key = `${lang}\u0000${code}`;
  let tree = cache.get(key);
  if (!tree) {
    const known = highlighter.getLoadedLanguages().includes(lang) ? lang : "text";
    const root = highlighter.codeToHast(code, { lang: known, themes: THEMES, defaultColor: false });
    const pre = lightenPre(root.children[0] as Element);
    pre.properties = { ...pre.properties, dataLanguage: lang };
    tree = pre;
    cache.set(key, tree);
  }
  return copyTree(tree);
}

export function highlightCode(): HastPluginDefinition {
  return {
    name: "carnet-highlight-code",
    element: {
      filter: ["pre"],
      visit(node, ctx) {
        const pre = node as unknown as Element;
        const code = pre.children?.find((c) => c.type === "element" && c.tagName === "code");
        if (!code) return;
        const text = ctx.textContent(code as never).replace(/\n$/, "");
        return highlight(text, languageOf(code)) as never;
      },
    },
  } as HastPluginDefinition;
}
