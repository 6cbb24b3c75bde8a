/**
 * Type errors in a lesson's cells, found by the same language service the
 * editor runs (`src/notebook/types/notebookService.ts`) with the same
 * declaration files, read from node_modules, and the lesson's data files:
 * what a reader would see underlined, reported at the file line and column.
 * An import of a module or data file that does not exist is one of them,
 * named as such with the files there are.
 *
 * @example
 * cellTypeProblems(cells, new Map([["prices.json", "{…}"]]))
 * // [{ line: 31, column: 22, message: 'cell "costs": type error: Property 'outputPerMilion' does not exist… (did you mean…)' }]
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import ts from "typescript";
import { createNotebookService, KERNEL_GLOBALS, LIB_DIR, type NotebookService } from "../notebook/types/notebookService.ts";
import { didYouMean } from "./didYouMean.ts";
import type { CellBlock } from "./lessonStructure.ts";
import type { TypeDiagnostic } from "../notebook/types/protocol.ts";

export interface CellTypeProblem {
  line: number;
  column: number;
  message: string;
}

let declarations: Map<string, string> | undefined;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** The project's folder: the one whose node_modules holds the TypeScript this module runs with, wherever it is run from. */
function projectRoot(): string {
  return join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "../..");
}

/** The files `declarationFiles.ts` bundles for the browser, read from the project's node_modules. */
function declarationFiles(root = projectRoot()): Map<string, string> {
  if (declarations) return declarations;
  const files = new Map<string, string>();
  const libDir = join(root, "node_modules/typescript/lib");
  for (const name of readdirSync(libDir)) {
    if (/^lib\.(es5|es20(1[5-9]|2[0-4])(\..*)?|decorators.*|webworker.*)\.d\.ts$/.test(name) && !name.includes(".full.")) {
      files.set(`${LIB_DIR}${name}`, readFileSync(join(libDir, name), "utf8"));
    }
  }
  for (const pkg of ["@huggingface/inference", "@huggingface/tasks"]) {
    for (const path of walk(join(root, "node_modules", pkg, "dist/esm"))) {
      if (path.endsWith(".d.ts")) files.set(`/node_modules/${pkg}/${path.slice(join(root, "node_modules", pkg).length + 1)}`, readFileSync(path, "utf8"));
    }
  }
  files.set(KERNEL_GLOBALS, readFileSync(join(root, "src/notebook/types/kernelGlobals.d.ts.txt"), "utf8"));
  declarations = files;
  return files;
}

/** One service per set of data files: the libraries are parsed once per service. */
const services = new Map<string, NotebookService>();
/** Each cell's errors (offsets in its code), by data files and cells: a file whose cells repeat another's exactly (a translation that changed no string) is not checked again. */
const found = new Map<string, TypeDiagnostic[][]>();
let checked = 0;

const dataKey = (data: ReadonlyMap<string, string>) => JSON.stringify([...data].sort());

/** Lets the services, their parsed libraries and the results go: the build calls it once every lesson is checked, before it renders pages. */
export function releaseCellTypeChecks(): void {
  services.clear();
  found.clear();
  declarations = undefined;
}

function serviceFor(data: ReadonlyMap<string, string>, key: string): NotebookService {
  let service = services.get(key);
  if (!service) {
    service = createNotebookService(ts, declarationFiles(), Object.fromEntries(data));
    services.set(key, service);
  }
  return service;
}

/** "Cannot find module './price.json'" said for an author: what is there instead. */
function missingModule(message: string, data: ReadonlyMap<string, string>): string | undefined {
  const name = /^Cannot find module '([^']+)'/.exec(message)?.[1];
  if (!name) return undefined;
  if (name.startsWith("./")) {
    const files = [...data.keys()].map((p) => `./${p}`);
    const close = didYouMean(name, files);
    const hint = close ? ` (did you mean ${close}?)` : files.length > 0 ? `; the lesson's data files are ${files.join(", ")}` : "; the lesson has no data files";
    return `imports ${name}, which is not a data file of this lesson${hint}`;
  }
  return `imports "${name}", which cells cannot load; they can import @huggingface/inference and the lesson's data files`;
}

/** Type errors in `cells` (the lesson's cells in page order), with `data` served beside the page (path → text). */
export function cellTypeProblems(cells: readonly CellBlock[], data: ReadonlyMap<string, string>): CellTypeProblem[] {
  if (cells.length === 0) return [];
  const files = dataKey(data);
  const key = `${files}\n${JSON.stringify(cells.map((c) => [c.id, c.code]))}`;
  let errors = found.get(key);
  if (!errors) {
    const service = serviceFor(data, files);
    // Unique ids: a service may have shown another file's cells of the same ids.
    const tag = `${++checked}:`;
    service.update(cells.map((c) => ({ id: tag + c.id, code: c.code })));
    errors = service.diagnostics().map((result) => result.items.filter((item) => item.severity === "error"));
    found.set(key, errors);
  }
  const problems: CellTypeProblem[] = [];
  for (const [index, items] of errors.entries()) {
    const cell = cells[index]!;
    for (const item of items) {
      const before = cell.code.slice(0, item.from).split("\n");
      const line = cell.codeLine + before.length - 1;
      const column = before.at(-1)!.length + 1;
      const why = missingModule(item.message, data) ?? `type error: ${item.message.split("\n").join(" ")}`;
      problems.push({ line, column, message: `cell "${cell.id}": ${why}` });
    }
  }
  return problems;
}
