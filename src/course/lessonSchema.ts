/**
 * The frontmatter of a lesson file, `content/lessons/<lesson>/<locale>.mdx`.
 * The source file gives `order`; a translation adds `translation`, its
 * provenance.
 */
import { z } from "zod";
import { didYouMean } from "./didYouMean.ts";

/** A text field whose error says whether it is absent or of the wrong type. */
function text(what: string) {
  return z.string({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be text`) });
}

/** An object that refuses unknown fields, naming the closest known one and listing them all. */
function strictFields<T extends z.core.$ZodLooseShape>(what: string, shape: T) {
  const fields = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== "unrecognized_keys") return undefined;
      return issue.keys
        .map((key) => {
          const near = didYouMean(key, fields);
          return `unknown field "${key}"${near ? ` (did you mean "${near}"?)` : ""}; ${what} has: ${fields.join(", ")}`;
        })
        .join("; ");
    },
  });
}

const hash = z.string().regex(/^[0-9a-f]{16}$/, "16 hex digits, the source section's hash (npm run i18n:new writes them; npm run i18n:status -- --json --lesson <id> lists them)");
const author = z.enum(["machine", "human"], { error: 'either "machine" or "human"' });

/**
 * Where one translated section came from: the hash of the source section it
 * was made from, alone, or with who made it (when not the file's default)
 * and when a person reviewed it.
 */
const sectionProvenance = z.union([
  hash,
  strictFields("a section's provenance", {
    hash,
    by: author.optional(),
    model: z.string().optional(),
    reviewed: z.coerce.date({ error: "the date a person reviewed the section, e.g. 2026-11-26" }).optional(),
  }),
]);

const translationSchema = strictFields("translation", {
  /** The locale it was translated from. */
  source: text("the source locale (e.g. en)"),
  /** When it was made or last brought up to date. */
  date: z.coerce.date({ error: "a date such as 2026-11-26" }),
  /** Who made its sections, unless a section says otherwise: a machine (an open model) or a person. */
  by: author,
  /** The model that made machine-translated sections. */
  model: z.string().optional(),
  /** Per section id (`top` for the title and introduction): the provenance of that section. */
  sections: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/, "a section id"), sectionProvenance, {
    error: "a map from section id to the source section hash it was translated from",
  }),
});

export const lessonSchema = strictFields("the frontmatter", {
  title: text("a title").min(1, "the title is empty"),
  description: text("a one-sentence description").min(1, "the description is empty"),
  /** Position in the course (source file only); unique across lessons. */
  order: z.number().int().positive("a whole number from 1").optional(),
  translation: translationSchema.optional(),
});

export type LessonData = z.infer<typeof lessonSchema>;
export type TranslationInfo = z.infer<typeof translationSchema>;
