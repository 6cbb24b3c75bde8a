/**
 * The checks every lesson file gets on its own before a page is built, as
 * `npm run i18n:check` makes them too: each lesson folder's data files
 * (JSON that parses, schemas beside them), then each file (valid MDX, known
 * components and labels, cells whose code compiles and type-checks, images
 * with alt text, no script). Problems come formatted with their file and
 * line. The one parse of each file also gives its cells, so pages need not
 * parse their lesson again. Once every file is checked, the type checker's
 * memory is let go: pages need none of it.
 *
 * @example
 * const checks = checkLessonFiles(["content/lessons/next-word/en.mdx"]);
 * checks.files["content/lessons/next-word/en.mdx"].problems // []
 */
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { formatProblem, lessonFileProblems, servedDataOnDisk } from "./checkLessons.ts";
import { dataFileProblems, readDataFiles } from "./checkLessonData.ts";
import { releaseCellTypeChecks } from "./cellTypes.ts";
import { lessonStructure } from "./lessonStructure.ts";

/** A cell as a page needs it: its id and its code. */
export interface LessonCell {
  id: string;
  code: string;
}

export interface LessonChecks {
  /** Problems of each lesson folder's data files, by folder (in the order of the files given). */
  folders: Record<string, string[]>;
  /** Each file's cells and problems, by the file's path as given. */
  files: Record<string, { cells: LessonCell[]; problems: string[] }>;
}

/** Checks `files` (paths of lesson files) and the data files of their folders. */
export function checkLessonFiles(files: readonly string[]): LessonChecks {
  const checks: LessonChecks = { folders: {}, files: {} };
  for (const dir of new Set(files.map((f) => dirname(f)))) {
    checks.folders[dir] = dataFileProblems(dir, readDataFiles(dir)).map((p) => formatProblem(p));
  }
  for (const file of files) {
    const structure = lessonStructure(readFileSync(file, "utf8"));
    checks.files[file] = {
      cells: structure.cells.map(({ id, code }) => ({ id, code })),
      problems: lessonFileProblems(structure, servedDataOnDisk(file)).map((p) => formatProblem({ file, line: 1, ...p })),
    };
  }
  // Pages need none of the type checker: its memory goes before they are rendered.
  releaseCellTypeChecks();
  return checks;
}
