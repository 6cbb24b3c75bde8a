/**
 * A lesson's data files served beside its page, so that a cell can write
 * `import prices from "./prices.json" with { type: "json" }` as it would in
 * a Node project, and the kernel fetches the same file the chart was drawn
 * from (`/<locale>/lessons/<lesson>/prices.json`).
 */
import type { APIRoute, GetStaticPaths } from "astro";
import { locales } from "../../../../i18n/locales.ts";
import { cellDataFiles } from "../../../../course/getLessonData.ts";

export const getStaticPaths = (() =>
  locales.flatMap(({ code }) =>
    cellDataFiles().map(({ lesson, file, data }) => ({ params: { locale: code, lesson, file }, props: { data } })),
  )) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
  new Response(JSON.stringify(props.data), { headers: { "content-type": "application/json; charset=utf-8" } });
