/**
 * UI strings: one i18next instance holding every `locales/<code>.json`,
 * with interpolation and plurals. Components call `useTranslations(locale)`.
 *
 * @example
 * const t = useTranslations("fr");
 * t("course.lessonCount", { count: 3 }) // "3 leçons"
 */
import i18next from "i18next";
import { locales, sourceLocale } from "./locales.ts";
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

export type Translate = (key: string, options?: Record<string, unknown>) => string;

export function useTranslations(locale: string): Translate {
  const fixed = instance.getFixedT(locale);
  return (key, options) => fixed(key, options ?? {}) as string;
}
