/**
 * A lesson's data files served beside its page, so that a cell can write
 * `import levels from "./data/levels.json" with { type: "json" }` as it
 * would in a Node project, and the kernel and the editor's types read the
 * same file (`/<locale>/lessons/<lesson>/data/levels.json`). CSV files are
 * served as written; the kernel turns them into rows.
 */
import type { APIRoute, GetStaticPaths } from "astro";
import { cellDataFiles } from "../../../../course/getLessonData.ts";

export const getStaticPaths = (() =>
  cellDataFiles().map(({ locale, lesson, path, text }) => ({
    params: { locale, lesson, file: path },
    props: { text, csv: path.endsWith(".csv") },
  }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
  new Response(props.text, { headers: { "content-type": props.csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8" } });
