/** A lesson's data files (`models.json`, `recorded.json`), validated, for build-time components. */
import { modelsSchema, parseLessonData, type LessonModels } from "./lessonModels.ts";
import { recordedFileSchema, type RecordedOutput } from "./recordedOutputs.ts";

const files = import.meta.glob<unknown>("../../content/lessons/*/models.json", { eager: true, import: "default" });
const recordings = import.meta.glob<unknown>("../../content/lessons/*/recorded.json", { eager: true, import: "default" });

/** The output recorded for a cell in a locale, if any. */
export function getRecordedOutput(lesson: string, locale: string, cell: string): RecordedOutput | undefined {
  const key = `../../content/lessons/${lesson}/recorded.json`;
  if (!(key in recordings)) return undefined;
  return parseLessonData(`content/lessons/${lesson}/recorded.json`, recordedFileSchema, recordings[key]).recorded[locale]?.[cell];
}

export function getLessonModels(lesson: string): LessonModels {
  const key = `../../content/lessons/${lesson}/models.json`;
  if (!(key in files)) throw new Error(`content/lessons/${lesson}/models.json is missing: the lesson's chart is drawn from it`);
  return parseLessonData(`content/lessons/${lesson}/models.json`, modelsSchema, files[key]);
}
