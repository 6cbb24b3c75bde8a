/**
 * The model settings' strings and the lesson's model data, rendered into
 * the page at build time by Settings.astro as
 * `<script type="application/json" id="model-data">`, in the page's
 * language only. Read by the settings panel and by cell outputs.
 *
 * @example
 * const data = modelPageData(document);
 * data.t("modelOutput.backend.site") // "this site's server"
 * data.models.find((m) => m.id === "meta-llama/Llama-3.1-8B-Instruct")?.alternatives
 */
import { pageTranslator, type PageStrings, type PageTranslate } from "../../../i18n/pageTranslator.ts";
import type { SectionKey } from "../../../i18n/uiKeys.ts";
import type { BrowserModel } from "../shared/browser/catalogue.ts";

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
  strings?: PageStrings<ModelSection>;
  models?: LessonModel[];
  providers?: string[];
  browser?: { default: string; models: PageBrowserModel[] };
  base?: string;
}

let cached: ModelPageData | undefined;

export function modelPageData(doc: Document = document): ModelPageData {
  if (cached) return cached;
  let raw: RawData = {};
  try {
    raw = JSON.parse(doc.getElementById("model-data")?.textContent ?? "{}") as RawData;
  } catch {
    raw = {};
  }
  const locale = doc.documentElement.lang || "en";
  cached = {
    t: pageTranslator(locale, raw.strings ?? {}),
    models: raw.models ?? [],
    providers: raw.providers ?? [],
    locale,
    browser: raw.browser ?? { default: "", models: [] },
    base: raw.base ?? "/",
  };
  return cached;
}
