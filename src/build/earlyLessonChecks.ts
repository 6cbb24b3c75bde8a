/**
 * Astro integration that checks the lesson files while Vite bundles the
 * site, in a worker thread (lessonChecksWorker.ts), instead of after it,
 * when the first page asks for the course: on a 100-lesson × 8-language
 * course the checks take seconds, mostly the cells' type check, which then
 * runs on the machine's other core, and the type checker's memory goes with
 * the thread before any page is rendered. Pages get the result through
 * course/lessonChecksHandoff.ts; a file it does not cover is checked then,
 * in the page's process, as `astro dev` always does.
 *
 * @example
 * integrations: [mdx(), earlyLessonChecksIntegration()]
 */
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { Worker } from "node:worker_threads";
import type { AstroIntegration } from "astro";
import type { LessonChecks } from "../course/lessonFileChecks.ts";
import { handOverLessonChecks } from "../course/lessonChecksHandoff.ts";

/** Where the lessons collection reads its files (content.config.ts): `<lesson>/<locale>.mdx`. */
const LESSONS_DIR = "content/lessons";

/** The lesson files, by their path from the project's root (the build's working folder), as the collection's entries name them. */
function lessonFiles(root: string): string[] {
  const dir = join(root, LESSONS_DIR);
  let lessons: string[];
  try {
    lessons = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
  return lessons.flatMap((lesson) =>
    readdirSync(join(dir, lesson))
      .filter((name) => name.endsWith(".mdx"))
      .map((name) => relative(root, join(dir, lesson, name))),
  );
}

export function earlyLessonChecksIntegration(): AstroIntegration {
  return {
    name: "carnet:early-lesson-checks",
    hooks: {
      "astro:build:start": () => {
        // The project's folder, as for the pages' own checks, which read lesson files by their path from it.
        const root = process.cwd();
        const files = lessonFiles(root);
        const worker = new Worker(join(root, "src/build/lessonChecksWorker.ts"), { workerData: files });
        handOverLessonChecks(
          new Promise<LessonChecks | undefined>((resolve) => {
            worker.once("message", (checks: LessonChecks) => resolve(checks));
            worker.once("error", () => resolve(undefined));
            worker.once("exit", () => resolve(undefined));
          }),
        );
        // The build's end does not wait for a result no page asked for.
        worker.unref();
      },
    },
  };
}
