/**
 * A lesson's data files for build-time components and cells: `models.json`
 * and `prices.json` validated by their schemas (`lessonModels.ts`),
 * `recorded.json`, and every data file cells may import (`lessonData.ts`).
 */
import { localeCodes } from "../i18n/locales.ts";
import { servedDataFiles } from "./lessonData.ts";
import { modelsSchema, parseLessonData, pricesSchema, type LessonModels } from "./lessonModels.ts";
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

const dataTexts = import.meta.glob<string>(["../../content/lessons/*/**/*.json", "../../content/lessons/*/**/*.csv"], {
  eager: true,
  query: "?raw",
  import: "default",
});

/** Fixed schemas of the data files the course's own components read too. */
const knownSchemas = { "models.json": modelsSchema, "prices.json": pricesSchema } as const;

/**
 * Every data file cells may import, per locale page (a translation's own
 * copy in place of the source's), as served beside the page:
 * `/<locale>/lessons/<lesson>/<path>`. `models.json` and `prices.json` are
 * validated by their schemas first.
 */
export function cellDataFiles(): { locale: string; lesson: string; path: string; text: string }[] {
  const byLesson = new Map<string, { path: string; text: string }[]>();
  for (const [key, text] of Object.entries(dataTexts)) {
    const [lesson, ...rest] = key.slice("../../content/lessons/".length).split("/");
    if (!lesson || rest.length === 0) continue;
    const list = byLesson.get(lesson) ?? [];
    list.push({ path: rest.join("/"), text });
    byLesson.set(lesson, list);
  }
  return [...byLesson].flatMap(([lesson, files]) =>
    localeCodes.flatMap((locale) =>
      [...servedDataFiles(files, locale)].map(([path, text]) => {
        const schema = knownSchemas[path as keyof typeof knownSchemas];
        if (schema) parseLessonData(`content/lessons/${lesson}/${path}`, schema, JSON.parse(text));
        return { locale, lesson, path, text };
      }),
    ),
  );
}
