/**
 * TypeScript's language service over a notebook: diagnostics per cell,
 * hover (type and doc comment) and completions (members with their types),
 * with positions in each cell's own coordinates. It knows nothing of
 * workers: `languageService.worker.ts` feeds it the declaration files, and
 * the unit tests drive it in Node with the same files read from disk.
 *
 * @example
 * const service = createNotebookService(ts, files);
 * service.update([{ id: "a", code: "const n: number = 'x'" }]);
 * service.diagnostics() // [{ id: "a", items: [{ from: 6, to: 7, message: "Type 'string' is not assignable…" }] }]
 */
import type ts from "typescript";
import { layoutNotebook, type CellSource, type NotebookProgram } from "./notebookProgram.ts";
import type { CellDiagnostics, Completions, Hover, TypeDiagnostic } from "./protocol.ts";
import { dataDeclaration } from "../../course/lessonData.ts";

type TypeScript = typeof ts;

/** Where the declaration files live in the service's file system. */
export const LIB_DIR = "/lib/";
export const KERNEL_GLOBALS = "/kernel/globals.d.ts";
const PACKAGE_TYPES: Record<string, string> = {
  "@huggingface/inference": "/node_modules/@huggingface/inference/dist/esm/index.d.ts",
  "@huggingface/tasks": "/node_modules/@huggingface/tasks/dist/esm/index.d.ts",
};
const LIBS = ["lib.es2024.d.ts", "lib.webworker.d.ts", "lib.webworker.iterable.d.ts", "lib.webworker.asynciterable.d.ts"];

const PROGRAM = "/notebook.ts";
/** Each cell alone, for its syntax errors: an unclosed brace in one cell must not be blamed on the next. */
const cellFile = (index: number) => `/cells/${index}.ts`;

export interface NotebookService {
  update(cells: readonly CellSource[]): void;
  diagnostics(): CellDiagnostics[];
  hover(cell: string, offset: number): Hover | undefined;
  completions(cell: string, offset: number): Completions | undefined;
}

/**
 * `files`: the libraries' declaration files by path; `data`: the lesson's
 * data files by path in its folder (`models.json`, `data/levels.csv`), which
 * cells import as `./models.json`, `./data/levels.csv` (a CSV is typed as
 * rows of its columns).
 */
export function createNotebookService(tsApi: TypeScript, files: ReadonlyMap<string, string>, data: Readonly<Record<string, string>> = {}): NotebookService {
  let cells: CellSource[] = [];
  let program: NotebookProgram = layoutNotebook(tsApi, cells);
  let version = 0;
  const options: ts.CompilerOptions = {
    target: tsApi.ScriptTarget.ES2024,
    module: tsApi.ModuleKind.ESNext,
    moduleResolution: tsApi.ModuleResolutionKind.Bundler,
    moduleDetection: tsApi.ModuleDetectionKind.Force,
    lib: LIBS,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    resolveJsonModule: true,
    allowArbitraryExtensions: true,
    paths: Object.fromEntries(Object.entries(PACKAGE_TYPES).map(([name, path]) => [name, [path]])),
  };
  const source = (path: string): string | undefined => {
    if (path === PROGRAM) return program.text;
    const cell = /^\/cells\/(\d+)\.ts$/.exec(path);
    if (cell) return cells[Number(cell[1])]?.code;
    const dataFile = /^\/(?:cells\/)?((?:[\w-]+\/)*[\w.-]+\.json)$/.exec(path);
    if (dataFile) return Object.hasOwn(data, dataFile[1]!) ? data[dataFile[1]!] : undefined;
    const csvFile = /^\/(?:cells\/)?((?:[\w-]+\/)*[\w.-]+)\.d\.csv\.ts$/.exec(path);
    if (csvFile) {
      const name = `${csvFile[1]}.csv`;
      return Object.hasOwn(data, name) ? dataDeclaration(name, data[name]!) : undefined;
    }
    return files.get(path);
  };
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [KERNEL_GLOBALS, PROGRAM, ...cells.map((_, i) => cellFile(i))],
    getScriptVersion: (path) => (path === PROGRAM || path.startsWith("/cells/") ? String(version) : "0"),
    getScriptSnapshot: (path) => {
      const text = source(path);
      return text === undefined ? undefined : tsApi.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => "/",
    getCompilationSettings: () => options,
    getDefaultLibFileName: () => `${LIB_DIR}lib.d.ts`,
    fileExists: (path) => source(path) !== undefined,
    readFile: (path) => source(path),
    directoryExists: (dir) => {
      const prefix = dir.endsWith("/") ? dir : `${dir}/`;
      for (const path of files.keys()) if (path.startsWith(prefix)) return true;
      for (const name of Object.keys(data)) if (`/cells/${name}`.startsWith(prefix) || `/${name}`.startsWith(prefix)) return true;
      return prefix === "/" || prefix === "/cells/";
    },
    getDirectories: () => [],
  };
  const service = tsApi.createLanguageService(host, tsApi.createDocumentRegistry());

  const text = (message: string | ts.DiagnosticMessageChain) => tsApi.flattenDiagnosticMessageText(message, "\n");
  const severity = (category: ts.DiagnosticCategory): TypeDiagnostic["severity"] =>
    category === tsApi.DiagnosticCategory.Error ? "error" : category === tsApi.DiagnosticCategory.Warning ? "warning" : "info";
  const lastShown = new Map<string, { code: string; items: TypeDiagnostic[] }>();
  const cellIndex = (id: string) => cells.findIndex((c) => c.id === id);
  /** Imported in more than one cell: the hoisted copies repeat it, which is not the reader's mistake. */
  const importedTwice = (name: string) => {
    const re = new RegExp(`\\bimport\\b[^;]*\\b${name.replace(/[$]/g, "\\$")}\\b`);
    return cells.filter((c) => re.test(c.code)).length > 1;
  };

  return {
    update(next) {
      cells = next.map((c) => ({ id: c.id, code: c.code }));
      program = layoutNotebook(tsApi, cells);
      version++;
    },

    diagnostics() {
      const byCell: TypeDiagnostic[][] = cells.map(() => []);
      /** Where each cell's first syntax error is: past it, a cell's text no longer means what the reader wrote. */
      const broken = new Map<number, number>();
      for (const [index] of cells.entries()) {
        for (const d of service.getSyntacticDiagnostics(cellFile(index))) {
          const from = d.start ?? 0;
          if (!broken.has(index) || from < broken.get(index)!) broken.set(index, from);
          byCell[index]!.push({ from, to: from + (d.length ?? 0), message: text(d.messageText), code: d.code, severity: severity(d.category) });
        }
      }
      // An unclosed bracket or comment swallows the cells after it: they keep their last diagnostics until it is closed.
      const firstBroken = broken.size > 0 ? Math.min(...broken.keys()) : cells.length;
      const lastCell = cells.length - 1;
      for (const d of service.getSemanticDiagnostics(PROGRAM)) {
        const start = d.start ?? 0;
        const at = program.toCell(start) ?? (lastCell >= 0 ? { cell: lastCell, offset: cells[lastCell]!.code.length } : undefined);
        if (!at || at.cell > firstBroken || (broken.has(at.cell) && at.offset > broken.get(at.cell)!)) continue;
        if (d.code === 2300 && importedTwice(program.text.slice(start, start + (d.length ?? 0)))) continue;
        const end = program.toCell(start + (d.length ?? 0));
        const to = end && end.cell === at.cell ? end.offset : cells[at.cell]!.code.length;
        byCell[at.cell]!.push({ from: at.offset, to: Math.max(at.offset, to), message: text(d.messageText), code: d.code, severity: severity(d.category) });
      }
      return cells.map((c, i) => {
        const previous = lastShown.get(c.id);
        const items =
          i > firstBroken ? (previous?.code === c.code ? previous.items : []) : byCell[i]!.sort((a, b) => a.from - b.from);
        lastShown.set(c.id, { code: c.code, items });
        return { id: c.id, items };
      });
    },

    hover(id, offset) {
      const index = cellIndex(id);
      if (index < 0) return undefined;
      const info = service.getQuickInfoAtPosition(PROGRAM, program.toProgram(index, offset));
      if (!info) return undefined;
      const from = program.toCell(info.textSpan.start);
      const to = program.toCell(info.textSpan.start + info.textSpan.length);
      const doc = tsApi.displayPartsToString(info.documentation);
      const tags = (info.tags ?? []).map((tag) => `@${tag.name}${tag.text ? ` ${tsApi.displayPartsToString(tag.text)}` : ""}`);
      return {
        from: from?.cell === index ? from.offset : offset,
        to: to?.cell === index ? to.offset : offset,
        type: tsApi.displayPartsToString(info.displayParts),
        doc: [doc, ...tags].filter(Boolean).join("\n\n"),
      };
    },

    completions(id, offset) {
      const index = cellIndex(id);
      if (index < 0) return undefined;
      const position = program.toProgram(index, offset);
      const list = service.getCompletionsAtPosition(PROGRAM, position, { includeCompletionsWithInsertText: true });
      if (!list) return undefined;
      const code = cells[index]!.code;
      let from = offset;
      while (from > 0 && /[\w$]/.test(code[from - 1]!)) from--;
      const member = list.isMemberCompletion ? memberTypes(position) : undefined;
      return {
        from,
        member: list.isMemberCompletion,
        options: list.entries.map((entry) => {
          const details = member?.(entry.name);
          return {
            label: entry.name,
            kind: entry.kind,
            sortText: entry.sortText,
            ...(entry.insertText ? { apply: entry.insertText } : {}),
            ...details,
          };
        }),
      };
    },
  };

  /**
   * The type and doc of each member of the object before the dot at
   * `position`, from the checker at once (asking the service entry by entry
   * would compute the whole completion list again for each member).
   */
  function memberTypes(position: number): ((name: string) => { detail: string; doc: string } | undefined) | undefined {
    const built = service.getProgram();
    const file = built?.getSourceFile(PROGRAM);
    if (!built || !file) return undefined;
    let access: ts.PropertyAccessExpression | undefined;
    const visit = (node: ts.Node): void => {
      if (position < node.pos || position > node.end) return;
      if (tsApi.isPropertyAccessExpression(node) && node.expression.end <= position && position <= node.name.end) access = node;
      node.forEachChild(visit);
    };
    visit(file);
    if (!access) return undefined;
    const checker = built.getTypeChecker();
    const at = access;
    const type = checker.getNonNullableType(checker.getTypeAtLocation(at.expression));
    return (name) => {
      const symbol = checker.getPropertyOfType(type, name);
      if (!symbol) return undefined;
      return {
        detail: checker.typeToString(checker.getTypeOfSymbolAtLocation(symbol, at), at),
        doc: tsApi.displayPartsToString(symbol.getDocumentationComment(checker)),
      };
    };
  }
}
