// @ts-check
import { defineConfig } from "astro/config";
import mdx from "@astrojs/mdx";
import { satteri } from "@astrojs/markdown-satteri";
import registry from "./src/i18n/locales.json" with { type: "json" };
import { highlightCode } from "./src/markdown/highlightCode.ts";
import { siteModelFiles } from "./src/build/siteModelFiles.ts";

const codes = registry.locales.map((l) => l.code);
const [defaultLocale] = codes;
if (!defaultLocale) throw new Error("src/i18n/locales.json lists no locale");

export default defineConfig({
  site: process.env.SITE_URL ?? "http://localhost:4321",
  trailingSlash: "ignore",
  // optimize: static MDX subtrees become HTML strings rather than JSX calls (faster builds).
  // siteModelFiles: the tiny model the browser engine can run, served by the site itself.
  integrations: [mdx({ optimize: true }), siteModelFiles()],
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
