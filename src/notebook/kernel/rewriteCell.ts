/**
 * The notebook rewrite: turns a cell's JavaScript (after `transpile`) into
 * the body of an async function that runs inside `with (scope)`, so the
 * names a cell declares live on one scope object shared by every cell of
 * the page.
 *
 * - `const/let/var x = 1` → `x = 1` (re-running a cell re-binds, no
 *   "already declared"); `var` in top-level blocks and loops too.
 * - `function f() {}` → `f = function () {};`, moved to the top (hoisting).
 * - `class A {}` → `A = class A {};`
 * - `import x, { y as z } from "m"` → `{ const __m = await __import("m"); x = __m.default; z = __m.y; }`,
 *   moved to the top; `import * as ns` and `import "m"` likewise.
 * - `export` is dropped (`export default e` → `e`).
 * - The last expression statement becomes `return (expr);`: the cell's value.
 *
 * Top-level `await`, `for await` and labels need nothing: the body is async.
 *
 * From the same parse it lists the names the cell uses without declaring
 * them (`uses`), so the page can tell which earlier cells a cell needs.
 *
 * @example
 * rewriteCell("const a = 1;\na + 1").code // ";a = 1;\nreturn (a + 1);"
 */
import { parse } from "acorn";
import type { Node, Program, Statement, Pattern, VariableDeclaration, ImportDeclaration, ModuleDeclaration } from "acorn";
import MagicString from "magic-string";
import { analyze } from "periscopic";
import { CompileError } from "./compileError.ts";
import { IMPORT_FUNCTION } from "./cellFunction.ts";

export interface Rewritten {
  /** The async function body. */
  code: string;
  /** Names the cell declares at top level, to be created on the scope before it runs. */
  names: string[];
  /** Names the cell reads or assigns without declaring them (earlier cells' names, globals). */
  uses: string[];
  /** Whether the cell ends with an expression whose value is returned. */
  hasValue: boolean;
  /** Source map `mappings` (VLQ) from `code` to the JavaScript given to `rewriteCell`. */
  map: string;
}


export function rewriteCell(js: string): Rewritten {
  let program: Program;
  try {
    program = parse(js, { ecmaVersion: "latest", sourceType: "module", allowHashBang: true });
  } catch (error) {
    const e = error as { message?: string; pos?: number; loc?: { line: number; column: number } };
    const message = String(e.message ?? error).replace(/ \(\d+:\d+\)$/, "");
    throw new CompileError("syntax", message, e.loc ? { line: e.loc.line - 1, column: e.loc.column } : undefined);
  }
  const s = new MagicString(js);
  const names = new Set<string>();
  const hoistedImports: [number, number][] = [];
  const hoistedFunctions: [number, number][] = [];
  const body = program.body;

  for (const statement of body) rewriteStatement(statement as Statement | ModuleDeclaration);

  // Imports first, then function declarations, each in their order. A chunk
  // already where it belongs stays (magic-string cannot move a chunk into itself).
  let insertAt = 0;
  for (const [start, end] of [...hoistedImports, ...hoistedFunctions]) {
    if (js.slice(insertAt, start).trim() === "") insertAt = end;
    else s.move(start, end, insertAt);
  }

  const hasValue = lastIsExpression(body);
  if (hasValue) {
    const last = body[body.length - 1] as unknown as { expression: Node };
    s.prependRight(last.expression.start, "return (");
    s.appendLeft(last.expression.end, ")");
  }

  return {
    code: s.toString(),
    names: [...names],
    uses: [...analyze(program as never).globals.keys()].filter((name) => !names.has(name)),
    hasValue,
    map: s.generateMap({ hires: "boundary" }).mappings,
  };

  function rewriteStatement(node: Statement | ModuleDeclaration): void {
    switch (node.type) {
      case "ImportDeclaration":
        rewriteImport(node);
        return;
      case "ExportNamedDeclaration":
        if (node.declaration) {
          s.remove(node.start, node.declaration.start);
          rewriteStatement(node.declaration);
        } else if (node.source) {
          s.overwrite(node.start, node.end, `await ${IMPORT_FUNCTION}(${JSON.stringify(String(node.source.value))});`);
        } else {
          s.remove(node.start, node.end);
        }
        return;
      case "ExportAllDeclaration":
        s.overwrite(node.start, node.end, `await ${IMPORT_FUNCTION}(${JSON.stringify(String(node.source.value))});`);
        return;
      case "ExportDefaultDeclaration": {
        const declaration = node.declaration;
        if ((declaration.type === "FunctionDeclaration" || declaration.type === "ClassDeclaration") && declaration.id) {
          s.remove(node.start, declaration.start);
          rewriteStatement(declaration);
        } else {
          s.overwrite(node.start, declaration.start, ";(");
          s.appendLeft(declaration.end, ")");
        }
        return;
      }
      case "VariableDeclaration":
        rewriteDeclaration(node, "statement");
        return;
      case "FunctionDeclaration": {
        const name = node.id.name;
        names.add(name);
        s.prependRight(node.start, `${name} = `);
        s.remove(node.id.start, node.id.end);
        s.appendLeft(node.end, ";\n");
        hoistedFunctions.push([node.start, node.end]);
        return;
      }
      case "ClassDeclaration": {
        const name = node.id!.name;
        names.add(name);
        s.prependRight(node.start, `${name} = `);
        s.appendLeft(node.end, ";");
        return;
      }
      default:
        rewriteNestedVars(node);
    }
  }

  function rewriteImport(node: ImportDeclaration): void {
    const load = `await ${IMPORT_FUNCTION}(${JSON.stringify(String(node.source.value))})`;
    const assignments: string[] = [];
    let namespace: string | undefined;
    for (const spec of node.specifiers) {
      const local = spec.local.name;
      names.add(local);
      if (spec.type === "ImportNamespaceSpecifier") namespace = local;
      else if (spec.type === "ImportDefaultSpecifier") assignments.push(`${local} = __m.default;`);
      else {
        const imported = spec.imported.type === "Identifier" ? spec.imported.name : String(spec.imported.value);
        assignments.push(`${local} = __m[${JSON.stringify(imported)}];`);
      }
    }
    let replacement: string;
    if (node.specifiers.length === 0) replacement = `${load};`;
    else if (namespace && assignments.length === 0) replacement = `${namespace} = ${load};`;
    else {
      replacement = `{ const __m = ${load}; ${namespace ? `${namespace} = __m; ` : ""}${assignments.join(" ")} }`;
    }
    s.overwrite(node.start, node.end, `${replacement}\n`);
    hoistedImports.push([node.start, node.end]);
  }

  /**
   * `let a = 1, { b } = o;` → `;a = 1, ({ b } = o);`. `position` tells where
   * the declaration stands: a statement in a list (an empty statement guards
   * against the previous line), a lone statement (`if (c) var x = 1`), or a
   * loop head.
   */
  function rewriteDeclaration(node: VariableDeclaration, position: "statement" | "single" | "for-init" | "for-in-of"): void {
    const declarators = node.declarations;
    for (const d of declarators) collectNames(d.id, names);
    if (position === "for-in-of") {
      s.remove(node.start, declarators[0]!.start);
      return;
    }
    for (const d of declarators) {
      if (d.init) {
        rewriteNestedVars(d.init);
        if (d.id.type !== "Identifier") {
          s.prependRight(d.id.start, "(");
          s.appendLeft(d.init.end, ")");
        }
      } else if (node.kind === "var") {
        // `var x;` keeps x's value, as a repeated `var` does.
        s.overwrite(d.start, d.end, "void 0");
      } else {
        s.appendLeft(d.end, " = undefined");
      }
    }
    s.overwrite(node.start, declarators[0]!.start, position === "statement" ? ";" : "");
  }

  /** `var` inside top-level blocks and loops belongs to the module scope too. */
  function rewriteNestedVars(node: Node): void {
    walk(node, (child, parent, key) => {
      if (child.type === "VariableDeclaration" && (child as VariableDeclaration).kind === "var") {
        const declaration = child as VariableDeclaration;
        let position: "statement" | "single" | "for-init" | "for-in-of" = "single";
        if (parent && (parent.type === "ForInStatement" || parent.type === "ForOfStatement") && key === "left") position = "for-in-of";
        else if (parent && parent.type === "ForStatement" && key === "init") position = "for-init";
        else if (Array.isArray((parent as unknown as Record<string, unknown>)?.[key])) position = "statement";
        rewriteDeclaration(declaration, position);
        return false;
      }
      return !isFunctionLike(child);
    });
  }
}

function lastIsExpression(body: Program["body"]): boolean {
  const last = body[body.length - 1];
  return !!last && last.type === "ExpressionStatement" && !("directive" in last && last.directive);
}

function isFunctionLike(node: Node): boolean {
  return (
    node.type === "FunctionDeclaration" ||
    node.type === "FunctionExpression" ||
    node.type === "ArrowFunctionExpression" ||
    node.type === "ClassDeclaration" ||
    node.type === "ClassExpression"
  );
}

/** Calls `visit` on every node below `node`; `visit` returns false to skip a node's children. */
function walk(node: Node, visit: (child: Node, parent: Node | undefined, key: string) => boolean): void {
  const stack: [Node, Node | undefined, string][] = [];
  const push = (parent: Node) => {
    for (const key of Object.keys(parent)) {
      const value = (parent as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const item = value[i];
          if (item && typeof item === "object" && typeof (item as Node).type === "string") stack.push([item as Node, parent, key]);
        }
      } else if (value && typeof value === "object" && typeof (value as Node).type === "string") {
        stack.push([value as Node, parent, key]);
      }
    }
  };
  if (visit(node, undefined, "")) push(node);
  while (stack.length > 0) {
    const [child, parent, key] = stack.pop()!;
    if (visit(child, parent, key)) push(child);
  }
}

/** Adds the identifiers a binding pattern declares. */
function collectNames(pattern: Pattern, into: Set<string>): void {
  switch (pattern.type) {
    case "Identifier":
      into.add(pattern.name);
      break;
    case "ObjectPattern":
      for (const p of pattern.properties) collectNames(p.type === "RestElement" ? p.argument : p.value, into);
      break;
    case "ArrayPattern":
      for (const e of pattern.elements) if (e) collectNames(e, into);
      break;
    case "RestElement":
      collectNames(pattern.argument, into);
      break;
    case "AssignmentPattern":
      collectNames(pattern.left, into);
      break;
    default:
      break;
  }
}
