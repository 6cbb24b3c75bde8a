/**
 * Sections of a translation that are still the source's text: a fresh copy
 * from `i18n:new` records every section's hash, yet nothing is translated.
 * A section counts as not translated yet while it reads exactly as the
 * source's (with links moved to the translation's language, as `i18n:new`
 * writes them) and has prose to translate. `i18n:status` shows them and
 * `translate` translates them.
 *
 * @example
 * untranslatedSections(en, frFreshCopy, "fr") // ["top", "reading", "cells"]
 */
import type { LessonData } from "./lessonSchema.ts";
import { lessonStructure, sectionTexts } from "./lessonStructure.ts";
import { localizeLinks } from "./lessonLinks.ts";

type Entry = { data: LessonData; body?: string };

/** A section's prose: its text without code blocks, `{#id}`s and markup, spaces collapsed. */
function words(text: string): string {
  return text.replace(/```[\s\S]*?```/g, "").replace(/\{#[\w-]+\}|<[^>]*>/g, "").replace(/\s+/g, " ").trim();
}

export function untranslatedSections(source: Entry, translation: Entry, locale: string): string[] {
  const texts = (e: Entry) => sectionTexts(lessonStructure(e.body ?? ""), [e.data.title, e.data.description]);
  const before = texts(source);
  const after = texts(translation);
  return [...before]
    .filter(([id, text]) => /\p{L}/u.test(words(text)) && after.get(id)?.trim() === localizeLinks(text, locale).trim())
    .map(([id]) => id);
}
