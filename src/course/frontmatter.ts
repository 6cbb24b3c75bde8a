/**
 * Rewrites the `translation` block of a lesson file's frontmatter, keeping
 * the rest of the file (and the other frontmatter fields) as they are.
 *
 * @example
 * writeFileSync(file, withTranslation(readFileSync(file, "utf8"), { source: "en", date, by: "machine", sections }));
 */
import { parseDocument } from "yaml";
import { splitFrontmatter } from "./contentHash.ts";

export interface TranslationBlock {
  source: string;
  date: Date;
  by: "machine" | "human";
  model?: string;
  sections: Record<string, string | { hash: string; by?: "machine" | "human"; model?: string; reviewed?: Date }>;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

function plain(block: TranslationBlock): Record<string, unknown> {
  const sections = Object.fromEntries(
    Object.entries(block.sections).map(([id, p]) => {
      if (typeof p === "string") return [id, p];
      const out: Record<string, unknown> = { hash: p.hash };
      if (p.by && p.by !== block.by) out.by = p.by;
      if (p.model && p.model !== block.model) out.model = p.model;
      if (p.reviewed) out.reviewed = day(p.reviewed);
      return [id, Object.keys(out).length === 1 ? p.hash : out];
    }),
  );
  return { source: block.source, date: day(block.date), by: block.by, ...(block.model ? { model: block.model } : {}), sections };
}

/** What else may change with the provenance: the body, and the translated title and description. */
export interface FileChanges {
  body?: string;
  title?: string;
  description?: string;
}

/** The file's text with its frontmatter's `translation` replaced (or added), and optionally its body, title and description. */
export function withTranslation(text: string, block: TranslationBlock, changes: FileChanges = {}): string {
  const { frontmatter, body: oldBody } = splitFrontmatter(text);
  const doc = parseDocument(frontmatter);
  if (changes.title !== undefined) doc.set("title", changes.title);
  if (changes.description !== undefined) doc.set("description", changes.description);
  doc.set("translation", doc.createNode(plain(block)));
  doc.delete("order");
  const yaml = doc.toString({ lineWidth: 0 }).trimEnd();
  return `---\n${yaml}\n---\n\n${(changes.body ?? oldBody).replace(/^\n+/, "")}`;
}
