/**
 * Printed labels in cells: object keys written as strings, such as the
 * column names of a `console.table`, are what a reader sees in a cell's
 * output, so a translation must translate them (keys written as plain
 * names are API fields and stay as they are). A label may stay the same
 * only when the glossary lists it as the same word in that language.
 *
 * @example
 * untranslatedLabels('console.table([{ "words": 3 }])', 'console.table([{ "words": 3 }])', [])
 * // ["words"]
 */
import ts from "typescript";

/** The string keys of object literals in a cell, in order (`{ "time (ms)": 1 }` → `time (ms)`). */
export function labelKeys(code: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, code);
  const tokens: { kind: ts.SyntaxKind; text: string }[] = [];
  // Open braces, marking those that close a `${ … }` in a template literal.
  const braces: boolean[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.CloseBraceToken && braces.pop() === true) kind = scanner.reScanTemplateToken(false);
    else if (kind === ts.SyntaxKind.OpenBraceToken) braces.push(false);
    if (kind === ts.SyntaxKind.TemplateHead || kind === ts.SyntaxKind.TemplateMiddle) braces.push(true);
    tokens.push({ kind, text: kind === ts.SyntaxKind.StringLiteral ? scanner.getTokenValue() : scanner.getTokenText() });
  }
  return tokens.flatMap((token, i) => {
    const before = tokens[i - 1]?.kind;
    const isKey =
      token.kind === ts.SyntaxKind.StringLiteral &&
      tokens[i + 1]?.kind === ts.SyntaxKind.ColonToken &&
      (before === ts.SyntaxKind.OpenBraceToken || before === ts.SyntaxKind.CommaToken);
    return isKey ? [token.text] : [];
  });
}

/** Labels of the source cell that the translated cell prints unchanged (words only, not the glossary's exceptions). */
export function untranslatedLabels(source: string, translation: string, sameWords: readonly string[]): string[] {
  const theirs = labelKeys(translation);
  return labelKeys(source).filter((label, i) => theirs[i] === label && /\p{L}/u.test(label) && !sameWords.includes(label));
}
