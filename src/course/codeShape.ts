/**
 * A cell's code as a list of tokens with comments dropped and the contents
 * of strings and template literals blanked: what must stay identical
 * between a lesson and its translations (which may translate comments,
 * prompts and printed messages, and nothing else).
 *
 * @example
 * sameShape('log("Hello") // hi', 'log("Bonjour") // salut') // undefined (no difference)
 */
import ts from "typescript";

export interface ShapeToken {
  text: string;
  line: number;
}

/** Tokens whose text may be translated, and what they are shown as. */
const BLANKED = new Map<ts.SyntaxKind, string>([
  [ts.SyntaxKind.StringLiteral, '"…"'],
  [ts.SyntaxKind.NoSubstitutionTemplateLiteral, "`…`"],
  [ts.SyntaxKind.TemplateHead, "`…${"],
  [ts.SyntaxKind.TemplateMiddle, "}…${"],
  [ts.SyntaxKind.TemplateTail, "}…`"],
]);

export function codeShape(code: string): ShapeToken[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, code);
  const tokens: ShapeToken[] = [];
  // Open braces, marking those that close a `${ … }` in a template literal.
  const braces: boolean[] = [];
  let previous: ts.SyntaxKind | undefined;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.CloseBraceToken && braces.pop() === true) kind = scanner.reScanTemplateToken(false);
    else if (kind === ts.SyntaxKind.OpenBraceToken) braces.push(false);
    else if (kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) {
      // A slash after something that cannot end an expression starts a regular expression.
      const endsExpression = previous !== undefined && (previous === ts.SyntaxKind.Identifier || previous === ts.SyntaxKind.CloseParenToken || previous === ts.SyntaxKind.CloseBracketToken || previous === ts.SyntaxKind.NumericLiteral || BLANKED.has(previous));
      if (!endsExpression) kind = scanner.reScanSlashToken();
    }
    if (kind === ts.SyntaxKind.TemplateHead || kind === ts.SyntaxKind.TemplateMiddle) braces.push(true);
    const line = code.slice(0, scanner.getTokenStart()).split("\n").length;
    tokens.push({ text: BLANKED.get(kind) ?? scanner.getTokenText(), line });
    previous = kind;
  }
  return tokens;
}

/** The first token where two versions of a cell differ beyond comments and strings, or undefined. */
export function firstShapeDifference(source: string, translation: string): { line: number; expected: string; found: string } | undefined {
  const a = codeShape(source);
  const b = codeShape(translation);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i]?.text !== b[i]?.text) {
      return { line: b[i]?.line ?? b.at(-1)?.line ?? 1, expected: a[i]?.text ?? "(end of code)", found: b[i]?.text ?? "(end of code)" };
    }
  }
  return undefined;
}
