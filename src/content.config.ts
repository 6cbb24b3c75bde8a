import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { lessonSchema } from "./course/lessonSchema.ts";

/** One folder per lesson, one MDX file per locale: `content/lessons/<lesson>/<locale>.mdx`. */
const lessons = defineCollection({
  loader: glob({
    pattern: "*/*.mdx",
    base: "./content/lessons",
    generateId: ({ entry }) => entry.replace(/\.mdx$/, ""),
  }),
  schema: lessonSchema,
});

export const collections = { lessons };
