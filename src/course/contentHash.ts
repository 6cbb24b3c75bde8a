/**
 * The fingerprint a translation records of the source it was made from:
 * the first 16 hex digits of the SHA-256 of the source's body, with line
 * endings and trailing spaces normalised so that an editor's whitespace
 * habits do not make every translation look outdated.
 *
 * @example
 * contentHash("# Hello\r\n") === contentHash("# Hello\n") // true
 */
import { createHash } from "node:crypto";

function normalizeBody(body: string): string {
  return body
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .trim();
}

export function contentHash(body: string): string {
  return createHash("sha256").update(normalizeBody(body)).digest("hex").slice(0, 16);
}

/** Splits an MDX file into its YAML frontmatter text and its body. */
export function splitFrontmatter(text: string): { frontmatter: string; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) return { frontmatter: "", body: text };
  return { frontmatter: match[1]!, body: text.slice(match[0].length) };
}
