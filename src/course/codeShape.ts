/**
 * A cell's code as a list of tokens with comments dropped and the contents
 * of strings and template literals blanked: what must stay identical
 * between a lesson and its translations (which may translate comments,
 * prompts and printed messages, and nothing else).
 *
 * Some strings are code, not prose: module names (`from "openai"`,
 * `import("x")`, `require("x")`) always, and any string the source marks
 * with a `@keep` comment, either `/* @keep *\/` just before it or `// @keep`
 * at the end of its line. Those must stay exactly as in the source.
 *
 * @example
 * firstShapeDifference('log("Hello") // hi', 'log("Bonjour") // salut') // undefined (no difference)
 * firstShapeDifference('f({ unit: "word" }); // @keep', 'f({ unit: "mot" });')?.message // the string "word" is code …
 */
import ts from "typescript";

export interface ShapeToken {
  text: string;
  line: number;
  /** A string literal as written. */
  raw?: string;
  /** Why this string must stay as written ("a module name", "marked @keep"), when it must. */
  kept?: string;
}

/** Tokens whose text may be translated, and what they are shown as. */
const BLANKED = new Map<ts.SyntaxKind, string>([
  [ts.SyntaxKind.StringLiteral, '"…"'],
  [ts.SyntaxKind.NoSubstitutionTemplateLiteral, "`…`"],
  [ts.SyntaxKind.TemplateHead, "`…${"],
  [ts.SyntaxKind.TemplateMiddle, "}…${"],
  [ts.SyntaxKind.TemplateTail, "}…`"],
]);

const KEEP_MARKER = /^(\/\/|\/\*)\s*@keep\s*(\*\/)?$/;
const TRIVIA = new Set([ts.SyntaxKind.WhitespaceTrivia, ts.SyntaxKind.NewLineTrivia, ts.SyntaxKind.ShebangTrivia, ts.SyntaxKind.ConflictMarkerTrivia]);

/** Whether the string after these tokens is a module name: after `from`, `import`, or `import(` / `require(`. */
function isModuleName(before: readonly ShapeToken[]): boolean {
  const last = before.at(-1)?.text;
  if (last === "from" || last === "import") return true;
  return last === "(" && (before.at(-2)?.text === "import" || before.at(-2)?.text === "require");
}

export function codeShape(code: string): ShapeToken[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, code);
  const tokens: ShapeToken[] = [];
  // Open braces, marking those that close a `${ … }` in a template literal.
  const braces: boolean[] = [];
  let previous: ts.SyntaxKind | undefined;
  let keepNext = false;
  const keptLines = new Set<number>();
  const lineAt = (offset: number) => code.slice(0, offset).split("\n").length;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (TRIVIA.has(kind)) continue;
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      if (!KEEP_MARKER.test(scanner.getTokenText().trim())) continue;
      if (kind === ts.SyntaxKind.SingleLineCommentTrivia) keptLines.add(lineAt(scanner.getTokenStart()));
      else keepNext = true;
      continue;
    }
    if (kind === ts.SyntaxKind.CloseBraceToken && braces.pop() === true) kind = scanner.reScanTemplateToken(false);
    else if (kind === ts.SyntaxKind.OpenBraceToken) braces.push(false);
    else if (kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) {
      // A slash after something that cannot end an expression starts a regular expression.
      const endsExpression = previous !== undefined && (previous === ts.SyntaxKind.Identifier || previous === ts.SyntaxKind.CloseParenToken || previous === ts.SyntaxKind.CloseBracketToken || previous === ts.SyntaxKind.NumericLiteral || BLANKED.has(previous));
      if (!endsExpression) kind = scanner.reScanSlashToken();
    }
    if (kind === ts.SyntaxKind.TemplateHead || kind === ts.SyntaxKind.TemplateMiddle) braces.push(true);
    const token: ShapeToken = { text: BLANKED.get(kind) ?? scanner.getTokenText(), line: lineAt(scanner.getTokenStart()) };
    if (kind === ts.SyntaxKind.StringLiteral || kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral) {
      token.raw = scanner.getTokenText();
      token.kept = isModuleName(tokens) ? "a module name" : keepNext ? "marked @keep" : undefined;
    }
    if (BLANKED.has(kind)) keepNext = false;
    tokens.push(token);
    previous = kind;
  }
  for (const token of tokens) if (token.raw !== undefined && keptLines.has(token.line)) token.kept ??= "marked @keep";
  return tokens;
}

export interface ShapeDifference {
  /** Line in the translation's code. */
  line: number;
  expected: string;
  found: string;
  /** What differs, and what to do. */
  message: string;
}

/** The first token where two versions of a cell differ beyond comments and prose strings, or undefined. */
export function firstShapeDifference(source: string, translation: string): ShapeDifference | undefined {
  const a = codeShape(source);
  const b = codeShape(translation);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const line = b[i]?.line ?? b.at(-1)?.line ?? 1;
    const kept = a[i]?.kept;
    const expected = (kept ? a[i]!.raw : a[i]?.text) ?? "(end of code)";
    const found = (kept ? (b[i]?.raw ?? b[i]?.text) : b[i]?.text) ?? "(end of code)";
    if (expected === found) continue;
    const message = kept
      ? `the string ${expected} is code (${kept}), not prose: keep it exactly as in the source; found ${found}`
      : `code differs from the source beyond comments and strings: expected \`${expected}\`, found \`${found}\``;
    return { line, expected, found, message };
  }
  return undefined;
}
