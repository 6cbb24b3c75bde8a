/**
 * TypeScript → JavaScript for one cell, with sucrase: types are removed,
 * everything else (imports, modern syntax) is kept as written, and a source
 * map leads back to the reader's code. Constructs sucrase would silently drop
 * or pass through (runtime namespaces, decorators) get a clear error instead.
 *
 * @example
 * const { code } = transpile("const n: number = 1;");
 * code // "const n = 1;"
 */
import { transform } from "sucrase";
import { tokenizer } from "acorn";
import { CompileError } from "./compileError.ts";

export interface Transpiled {
  code: string;
  /** Source map `mappings` (VLQ) from `code` to the TypeScript source. */
  map: string;
}

export function transpile(source: string): Transpiled {
  findUnsupported(source);
  let result;
  try {
    result = transform(source, {
      transforms: ["typescript"],
      keepUnusedImports: true,
      disableESTransforms: true,
      filePath: "cell.ts",
      sourceMapOptions: { compiledFilename: "cell.js" },
    });
  } catch (error) {
    const e = error as { message?: string; loc?: { line: number; column: number } };
    const message = String(e.message ?? error)
      .replace(/^Error transforming cell\.ts: /, "")
      .replace(/ \(\d+:\d+\)$/, "");
    throw new CompileError("syntax", message, e.loc ? { line: e.loc.line - 1, column: Math.max(0, e.loc.column - 1) } : undefined);
  }
  return { code: result.code, map: result.sourceMap!.mappings };
}

/**
 * Looks through the tokens of the TypeScript source for a runtime
 * `namespace`/`module` block or a decorator. Tokenizing (unlike parsing)
 * accepts type syntax; when it fails for another reason, sucrase reports
 * the syntax error.
 */
function findUnsupported(source: string): void {
  const tokens: { label: string; value: unknown; start: number }[] = [];
  try {
    for (const token of tokenizer(source, { ecmaVersion: "latest", sourceType: "module", allowHashBang: true })) {
      tokens.push({ label: token.type.label, value: (token as { value?: unknown }).value, start: token.start });
    }
  } catch (error) {
    const e = error as { message?: string; pos?: number };
    if (typeof e.pos === "number" && source[e.pos] === "@") {
      throw new CompileError(
        "unsupported",
        "Decorators are not supported in cells: call the function on the class or method instead.",
        positionAt(source, e.pos),
        { key: "decorators" },
      );
    }
  }
  for (let i = 0; i < tokens.length - 2; i++) {
    const token = tokens[i]!;
    if (token.label !== "name" || (token.value !== "namespace" && token.value !== "module")) continue;
    const before = tokens[i - 1];
    if (before && (before.value === "declare" || before.label === "." || before.label === "?.")) continue;
    // `namespace A.B {` or `module "x" {`
    let j = i + 1;
    if (tokens[j]?.label !== "name" && tokens[j]?.label !== "string") continue;
    j++;
    while (tokens[j]?.label === "." && tokens[j + 1]?.label === "name") j += 2;
    if (tokens[j]?.label !== "{") continue;
    if (before && !["export", ";", "}", "{"].includes(String(before.value ?? before.label)) && !lineBreakBetween(source, before.start, token.start)) continue;
    throw new CompileError(
      "unsupported",
      `TypeScript ${String(token.value)} blocks are not supported in cells: use an object or plain top-level declarations (\`declare ${String(token.value)}\` for types only is fine).`,
      positionAt(source, token.start),
      { key: "namespaces", values: { keyword: String(token.value) } },
    );
  }
}

function lineBreakBetween(source: string, from: number, to: number): boolean {
  return /[\n\r\u2028\u2029]/.test(source.slice(from, to));
}

/** 0-based line and column of an offset in a text. */
function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart };
}
