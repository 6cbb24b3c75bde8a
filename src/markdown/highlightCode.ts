/**
 * Build-time syntax highlighting for fenced code (cells included), as a
 * Sätteri hast plugin: shiki with light and dark themes as CSS variables,
 * and a cache keyed by language and code. A cell's code is the same in
 * every translation of a lesson, so each block is highlighted once per
 * build rather than once per locale.
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

type Element = { type: string; tagName?: string; properties?: Record<string, unknown>; children?: Element[]; data?: Record<string, unknown> };

function languageOf(code: Element): string {
  const fromData = code.data?.lang;
  if (typeof fromData === "string" && fromData) return fromData;
  const classes = code.properties?.className;
  const cls = Array.isArray(classes) ? classes.find((c) => typeof c === "string" && c.startsWith("language-")) : undefined;
  return typeof cls === "string" ? cls.slice("language-".length) : "text";
}

function highlight(code: string, lang: string): unknown {
  const key = `${lang}\u0000${code}`;
  let tree = cache.get(key);
  if (!tree) {
    const known = highlighter.getLoadedLanguages().includes(lang) ? lang : "text";
    const root = highlighter.codeToHast(code, { lang: known, themes: THEMES, defaultColor: false });
    const pre = root.children[0] as Element;
    pre.properties = { ...pre.properties, dataLanguage: lang };
    tree = pre;
    cache.set(key, tree);
  }
  return structuredClone(tree);
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
