/**
 * The model settings' strings and the lesson's model data, in the page's
 * language only, written at build time by Settings.astro into a JSON file
 * named by the settings dialog's `data-model-data`. `loadModelPageData`
 * fetches it once, when the settings panel or the notebook loads; from then
 * on `modelPageData` gives it at once to the settings panel, cell outputs
 * and the browser engine. Before it has come (or should it never come),
 * `modelPageData` gives empty data: strings read as their keys.
 *
 * @example
 * await loadModelPageData(document);
 * const data = modelPageData(document);
 * data.t("modelOutput.backend.site") // "this site's server"
 * data.models.find((m) => m.id === "meta-llama/Llama-3.1-8B-Instruct")?.alternatives
 */
import { pageTranslator, type PageStrings, type PageTranslate } from "../../../i18n/pageTranslator.ts";
import type { SectionKey } from "../../../i18n/uiKeys.ts";
import type { BrowserModel } from "../shared/browser/catalogue.ts";
import { fetchJsonObject } from "../../page/fetchJsonObject.ts";

/** A browser catalogue entry as the page gets it (checked at build time). */
export type PageBrowserModel = Omit<BrowserModel, "checked" | "template">;

/** The sections of strings Settings.astro writes for the settings panel and model outputs. */
export const MODEL_SECTIONS = ["settings", "modelOutput", "modelErrors"] as const;
type ModelSection = (typeof MODEL_SECTIONS)[number];
/** The lookup of those sections, by full keys (`"modelOutput.answered"`). */
export type ModelStrings = PageTranslate<SectionKey<ModelSection>>;

export interface LessonModel {
  id: string;
  alternatives: string[];
  providers: string[];
}

export interface ModelPageData {
  /** The settings panel's form, as the build rendered it (SettingsForm.astro). */
  form: string;
  t: ModelStrings;
  models: LessonModel[];
  /** Provider names to suggest in the settings. */
  providers: string[];
  locale: string;
  /** The browser engine's catalogue. */
  browser: { default: string; models: PageBrowserModel[] };
  /** The site's base path (for files it serves, such as the tiny model). */
  base: string;
}

interface RawData {
  form?: string;
  strings?: PageStrings<ModelSection>;
  models?: LessonModel[];
  providers?: string[];
  browser?: { default: string; models: PageBrowserModel[] };
  base?: string;
}

let loaded: ModelPageData | undefined;
let loading: Promise<ModelPageData> | undefined;

function pageData(doc: Document, raw: RawData): ModelPageData {
  const locale = doc.documentElement.lang || "en";
  return {
    form: raw.form ?? "",
    t: pageTranslator(locale, raw.strings ?? {}),
    models: raw.models ?? [],
    providers: raw.providers ?? [],
    locale,
    browser: raw.browser ?? { default: "", models: [] },
    base: raw.base ?? "/",
  };
}

/** Fetches the data once; `fetched` is the file's object when the caller has fetched it already. */
export function loadModelPageData(doc: Document = document, fetched?: Record<string, unknown>): Promise<ModelPageData> {
  if (fetched && !loaded) loading = Promise.resolve((loaded = pageData(doc, fetched as RawData)));
  loading ??= fetchJsonObject(doc.querySelector<HTMLElement>("[data-model-data]")?.dataset.modelData).then((raw) => {
    if (!raw) {
      // Tried again by the next caller; meanwhile the data is empty.
      loading = undefined;
      return pageData(doc, {});
    }
    return (loaded = pageData(doc, raw as RawData));
  });
  return loading;
}

export function modelPageData(doc: Document = document): ModelPageData {
  return loaded ?? pageData(doc, {});
}
