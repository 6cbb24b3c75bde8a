/**
 * UI strings: one i18next instance holding every `locales/<code>.json`,
 * with interpolation and plurals. Components call `useTranslations(locale)`,
 * whose keys are typed (`UiKey`); page scripts get their sections through
 * `scriptStrings` and read them with `pageTranslator`.
 *
 * @example
 * const t = useTranslations("fr");
 * t("course.lessonCount", { count: 3 }) // "3 leçons"
 */
import i18next from "i18next";
import { locales, sourceLocale } from "./locales.ts";
import type { UiKey, UiSection } from "./uiKeys.ts";
import { uiStrings } from "./uiStrings.ts";

const instance = i18next.createInstance();
await instance.init({
  resources: Object.fromEntries(locales.map((l) => [l.code, { translation: uiStrings[l.code]! }])),
  lng: sourceLocale,
  fallbackLng: sourceLocale,
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

export type Translate = (key: UiKey, options?: Record<string, unknown>) => string;

export function useTranslations(locale: string): Translate {
  const fixed = instance.getFixedT(locale);
  return (key, options) => fixed(key, options ?? {}) as string;
}

type Strings = Record<string, unknown>;

/** `over` laid on `base`, key by key (for nested string objects). */
function overlay(base: Strings, over: Strings): Strings {
  const out: Strings = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const under = base[key];
    out[key] = value && typeof value === "object" && under && typeof under === "object" ? overlay(under as Strings, value as Strings) : value;
  }
  return out;
}

/**
 * The sections of UI strings a page script needs, in a locale: its own
 * strings (every plural form its language has) over the source locale's, so
 * a key not translated yet reads in the source language, as on the page.
 */
export function scriptStrings<S extends UiSection>(locale: string, sections: readonly S[]): Record<S, Strings> {
  const source = uiStrings[sourceLocale] ?? {};
  const own = uiStrings[locale] ?? {};
  return Object.fromEntries(sections.map((s) => [s, overlay((source[s] ?? {}) as Strings, (own[s] ?? {}) as Strings)])) as Record<S, Strings>;
}
