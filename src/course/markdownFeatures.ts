/**
 * How lesson MDX is parsed, shared by the build (`astro.config.mjs`) and
 * the checks (`lessonStructure`): the satteri parser's features, and the
 * components a lesson may use (the lesson page passes exactly these).
 *
 * @example
 * mdxToMdast("## Why? {#why}", { features: markdownFeatures })
 */
import type { Features } from "satteri";

/** `## Title {#id}` gives a section the same id in every language. */
export const markdownFeatures = { headingAttributes: true } satisfies Features;

export const lessonComponents: readonly string[] = ["Cell", "FamilyChart", "UiLabel"];
