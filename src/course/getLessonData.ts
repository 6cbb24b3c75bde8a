/** A lesson's data files (`models.json`, `prices.json`, `recorded.json`), validated, for build-time components and cells. */
import { modelsSchema, parseLessonData, pricesSchema, type LessonModels } from "./lessonModels.ts";
import { recordedFileSchema, type RecordedOutput } from "./recordedOutputs.ts";

const files = import.meta.glob<unknown>("../../content/lessons/*/models.json", { eager: true, import: "default" });
const prices = import.meta.glob<unknown>("../../content/lessons/*/prices.json", { eager: true, import: "default" });
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

/** The data files cells may import (`./models.json`, `./prices.json`): validated, then served as written. */
export function cellDataFiles(): { lesson: string; file: string; data: unknown }[] {
  const schemas = [
    ["models", modelsSchema, files],
    ["prices", pricesSchema, prices],
  ] as const;
  return schemas.flatMap(([file, schema, found]) =>
    Object.entries(found).map(([key, raw]) => {
      const lesson = key.split("/").at(-2)!;
      parseLessonData(`content/lessons/${lesson}/${file}.json`, schema, raw);
      return { lesson, file, data: raw };
    }),
  );
}
