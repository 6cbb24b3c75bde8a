/**
 * The frontmatter of a lesson file, `content/lessons/<lesson>/<locale>.mdx`.
 * The source file gives `order`; a translation adds `translation`, its
 * provenance.
 */
import { z } from "zod";

/** A text field whose error says whether it is absent or of the wrong type. */
function text(what: string) {
  return z.string({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be text`) });
}

export const translationSchema = z.object({
  /** The locale it was translated from. */
  source: text("the source locale (e.g. en)"),
  /** `contentHash` of the source body it was made from (`npm run i18n:status` prints the current one). */
  sourceHash: z.string().regex(/^[0-9a-f]{16}$/, "16 hex digits, as printed by npm run i18n:status"),
  /** When it was made or last brought up to date. */
  date: z.coerce.date({ error: "a date such as 2026-11-26" }),
  /** Who made it: a machine (an open model) or a person. */
  by: z.enum(["machine", "human"], { error: 'either "machine" or "human"' }),
  /** The model that made a machine translation. */
  model: z.string().optional(),
});

export const lessonSchema = z.object({
  title: text("a title").min(1, "the title is empty"),
  description: text("a one-sentence description").min(1, "the description is empty"),
  /** Position in the course (source file only); unique across lessons. */
  order: z.number().int().positive("a whole number from 1").optional(),
  translation: translationSchema.optional(),
});

export type LessonData = z.infer<typeof lessonSchema>;
export type TranslationInfo = z.infer<typeof translationSchema>;
