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
import type { Strings } from "../page/strings.ts";
import type { BrowserModel } from "./browser/catalogue.ts";

/** A browser catalogue entry as the page gets it (checked at build time). */
export type PageBrowserModel = Omit<BrowserModel, "checked" | "template">;

export interface LessonModel {
  id: string;
  alternatives: string[];
  providers: string[];
}

export interface ModelPageData {
  t: Strings;
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
  strings?: Record<string, unknown>;
  models?: LessonModel[];
  providers?: string[];
  browser?: { default: string; models: PageBrowserModel[] };
  base?: string;
}

/** Looks a dotted key up in a string table and fills `{{name}}` placeholders; the key itself when missing. */
export function lookup(table: Record<string, unknown>): Strings {
  return (key, values) => {
    let text: unknown = table;
    for (const part of key.split(".")) text = (text as Record<string, unknown> | undefined)?.[part];
    if (typeof text !== "string") return key;
    return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values?.[name] ?? ""));
  };
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
  cached = {
    t: lookup(raw.strings ?? {}),
    models: raw.models ?? [],
    providers: raw.providers ?? [],
    locale: doc.documentElement.lang || "en",
    browser: raw.browser ?? { default: "", models: [] },
    base: raw.base ?? "/",
  };
  return cached;
}
