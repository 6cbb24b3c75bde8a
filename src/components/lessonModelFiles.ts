/**
 * Every lesson's models.json, checked, for the model settings (Settings.astro
 * and SettingsForm.astro): the models a lesson names and the provider names
 * the settings suggest.
 *
 * @example
 * lessonModelFiles.find((l) => l.slug === "open-source-models")?.data.models
 * providerNames // ["cerebras", "groq", …]
 */
import { modelsSchema, parseLessonData } from "../course/lessonModels.ts";

const files = import.meta.glob<unknown>("../../content/lessons/*/models.json", { eager: true, import: "default" });

export const lessonModelFiles = Object.entries(files).map(([path, json]) => ({
  slug: path.split("/").at(-2),
  data: parseLessonData(path.replace(/^(\.\.\/)+/, ""), modelsSchema, json),
}));

/** Every provider any lesson names, sorted. */
export const providerNames = [...new Set(lessonModelFiles.flatMap((l) => l.data.models.flatMap((m) => m.providers)))].sort();
