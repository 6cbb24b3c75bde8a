// @ts-check
import { defineConfig } from "astro/config";
import mdx from "@astrojs/mdx";
import { satteri } from "@astrojs/markdown-satteri";
import registry from "./src/i18n/locales.json" with { type: "json" };
import { highlightCode } from "./src/markdown/highlightCode.ts";
import { normalizeBase } from "./src/i18n/localizedPath.ts";
import { searchIndex } from "./src/search/searchIndex.ts";

const codes = registry.locales.map((l) => l.code);
const base = process.env.SITE_BASE ?? "/";
if (!/^[\w\-./~%]*$/.test(base)) throw new Error(`SITE_BASE must be a path such as /course/, not ${JSON.stringify(base)}`);
const [defaultLocale] = codes;
if (!defaultLocale) throw new Error("src/i18n/locales.json lists no locale");

export default defineConfig({
  site: process.env.SITE_URL ?? "http://localhost:4321",
  // The path the site is published under, e.g. SITE_BASE=/course/ for https://<org>.github.io/course/.
  base: normalizeBase(base),
  trailingSlash: "ignore",
  // optimize: static MDX subtrees become HTML strings rather than JSX calls (faster builds).
  integrations: [mdx({ optimize: true }), searchIndex()],
  markdown: {
    // `## Title {#id}` gives a section the same id in every language.
    processor: satteri({ features: { headingAttributes: true }, hastPlugins: [highlightCode()] }),
    // Highlighting is ours (highlightCode), cached across a lesson's locales.
    syntaxHighlight: false,
  },
  i18n: {
    locales: codes,
    defaultLocale,
    routing: { prefixDefaultLocale: true, redirectToDefaultLocale: false },
  },
  build: { inlineStylesheets: "always" },
  devToolbar: { enabled: false },
});
