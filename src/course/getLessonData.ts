/** A lesson's `models.json`, validated, for build-time components such as charts. */
import { modelsSchema, parseLessonData, type LessonModels } from "./lessonModels.ts";

const files = import.meta.glob<unknown>("../../content/lessons/*/models.json", { eager: true, import: "default" });

export function getLessonModels(lesson: string): LessonModels {
  const key = `../../content/lessons/${lesson}/models.json`;
  if (!(key in files)) throw new Error(`content/lessons/${lesson}/models.json is missing: the lesson's chart is drawn from it`);
  return parseLessonData(`content/lessons/${lesson}/models.json`, modelsSchema, files[key]);
}
