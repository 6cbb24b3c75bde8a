/**
 * Checks of a lesson's data files (see `lessonData.ts`), each problem with
 * its file and line: JSON that does not parse, CSV rows with another number
 * of fields than the header, and content that breaks the file's schema —
 * `<name>.schema.json` beside it (JSON Schema), or the fixed schemas of
 * `models.json` and `prices.json` (`lessonModels.ts`).
 *
 * @example
 * dataFileProblems("content/lessons/x", [{ path: "data/levels.json", text: "[1," }])
 * // [{ file: "content/lessons/x/data/levels.json", line: 1, message: "not valid JSON: …" }]
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { z } from "zod";
import { csvRecords, csvRows } from "./csvRows.ts";
import { isDataFile, schemaPathOf, type DataFileText } from "./lessonData.ts";
import { modelsSchema, pricesSchema } from "./lessonModels.ts";

export interface DataFileProblem {
  file: string;
  line?: number;
  message: string;
}

/** Every `.json` and `.csv` file in a lesson's folder and below, data and schemas alike. */
export function readDataFiles(lessonDir: string): DataFileText[] {
  const found: DataFileText[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
      else if (/\.(?:json|csv)$/.test(name)) found.push({ path: `${prefix}${name}`, text: readFileSync(path, "utf8") });
    }
  };
  walk(lessonDir, "");
  return found;
}

/** A JSON text's syntax tree, or its first syntax error with a line. */
function parseJson(text: string): { tree: ts.JsonSourceFile; error?: { line: number; message: string } } {
  const tree = ts.parseJsonText("data.json", text);
  try {
    JSON.parse(text);
    return { tree };
  } catch (e) {
    const message = (e as Error).message;
    const at = /line (\d+)/.exec(message)?.[1];
    const d = (tree as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics[0];
    const line = at ? Number(at) : d ? tree.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : 1;
    return { tree, error: { line, message: message.replace(/ \(line \d+ column \d+\)$/, "") } };
  }
}

/** The line of the value at `path` in a JSON tree (the deepest part of it that exists). */
function lineOf(tree: ts.JsonSourceFile, path: readonly PropertyKey[]): number {
  let node: ts.Node | undefined = tree.statements[0]?.expression;
  let at = node;
  for (const key of path) {
    if (node && ts.isObjectLiteralExpression(node)) {
      node = node.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isStringLiteral(p.name) && p.name.text === String(key))?.initializer;
    } else if (node && ts.isArrayLiteralExpression(node) && typeof key === "number") node = node.elements[key];
    else node = undefined;
    if (!node) break;
    at = node;
  }
  return at ? tree.getLineAndCharacterOfPosition(at.getStart(tree)).line + 1 : 1;
}

const fixedSchemas: Record<string, z.ZodType> = { "models.json": modelsSchema, "prices.json": pricesSchema };

export function dataFileProblems(lessonDir: string, files: readonly DataFileText[]): DataFileProblem[] {
  const problems: DataFileProblem[] = [];
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const schemas = new Map<string, z.ZodType | undefined>();
  const schemaFor = (path: string): z.ZodType | undefined => {
    const schemaPath = schemaPathOf(path);
    if (fixedSchemas[path]) return fixedSchemas[path];
    if (schemas.has(schemaPath)) return schemas.get(schemaPath);
    const text = texts.get(schemaPath);
    let schema: z.ZodType | undefined;
    if (text !== undefined) {
      const { error } = parseJson(text);
      if (error) problems.push({ file: join(lessonDir, schemaPath), line: error.line, message: `not valid JSON: ${error.message}` });
      else {
        try {
          schema = z.fromJSONSchema(JSON.parse(text));
        } catch (e) {
          problems.push({ file: join(lessonDir, schemaPath), line: 1, message: `not a JSON Schema this check can read: ${(e as Error).message}` });
        }
      }
    }
    schemas.set(schemaPath, schema);
    return schema;
  };
  for (const { path, text } of files) {
    if (!isDataFile(path)) continue;
    const file = join(lessonDir, path);
    let value: unknown;
    let line: (issuePath: readonly PropertyKey[]) => number;
    if (path.endsWith(".csv")) {
      const records = csvRecords(text);
      const width = records[0]?.length ?? 0;
      records.forEach((r, i) => {
        if (i > 0 && r.length !== width) problems.push({ file, line: i + 1, message: `row ${i} has ${r.length} field(s); the header has ${width}` });
      });
      value = csvRows(text);
      line = (issuePath) => (typeof issuePath[0] === "number" ? issuePath[0] + 2 : 1);
    } else {
      const { tree, error } = parseJson(text);
      if (error) {
        problems.push({ file, line: error.line, message: `not valid JSON: ${error.message}` });
        continue;
      }
      value = JSON.parse(text);
      line = (issuePath) => lineOf(tree, issuePath);
    }
    const schema = schemaFor(path);
    const result = schema?.safeParse(value);
    for (const issue of result?.success === false ? result.error.issues.slice(0, 20) : []) {
      const where = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
      problems.push({ file, line: line(issue.path), message: `${where}: ${issue.message} (schema: ${fixedSchemas[path] ? "src/course/lessonModels.ts" : join(lessonDir, schemaPathOf(path))})` });
    }
  }
  return problems;
}
