// @ts-check
import { defineConfig } from "astro/config";
import mdx from "@astrojs/mdx";
import { satteri } from "@astrojs/markdown-satteri";
import registry from "./src/i18n/locales.json" with { type: "json" };
import { highlightCode } from "./src/markdown/highlightCode.ts";
import { baseLinks } from "./src/markdown/baseLinks.ts";
import { markdownFeatures } from "./src/course/markdownFeatures.ts";
import { normalizeBase } from "./src/i18n/localizedPath.ts";
import { siteModelFiles } from "./src/build/siteModelFiles.ts";
import { compiledCellFiles } from "./src/build/compiledCellFiles.ts";

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
  // siteModelFiles: the tiny model the browser engine can run, served by the site itself.
  // compiledCellFiles: each lesson's cells compiled by the build, in a file fetched on the reader's first intent.
  // The search index and the compressed copies are written after this build, in npm run build's own
  // process (src/cli/build.ts), so their memory never adds to the build's.
  integrations: [mdx({ optimize: true }), siteModelFiles(), compiledCellFiles()],
  markdown: {
    // The same parser features as the lesson checks (src/course/lessonStructure.ts).
    processor: satteri({ features: markdownFeatures, hastPlugins: [highlightCode(), baseLinks(normalizeBase(base))] }),
    // Highlighting is ours (highlightCode), cached across a lesson's locales.
    syntaxHighlight: false,
  },
  i18n: {
    locales: codes,
    defaultLocale,
    routing: { prefixDefaultLocale: true, redirectToDefaultLocale: false },
  },
  // Styles in hashed files a browser keeps across pages, not repeated in every page.
  build: { inlineStylesheets: "never" },
  vite: {
    build: {
      rolldownOptions: {
        // Astro marks each lesson's asset module with "use astro:head-inject" and reads
        // the marker itself before bundling; the bundler's warning that it may drop the
        // directive (once per lesson file) is about a marker already used. Others pass.
        onwarn(warning, warn) {
          if (warning.code === "MODULE_LEVEL_DIRECTIVE" && warning.message.includes('"use astro:head-inject"')) return;
          warn(warning);
        },
      },
    },
  },
  devToolbar: { enabled: false },
  // npm run dev on 4322, so it never takes the port npm start serves the site and model API on (4321).
  server: ({ command }) => ({ port: command === "dev" ? 4322 : 4321 }),
});
