/**
 * The UI string keys, typed from the source locale's file
 * `locales/en.json`: `t("notebok.run")` fails `astro check`. Plural keys
 * (`lessonCount_one`, `lessonCount_other`) are called by their base
 * (`t("course.lessonCount", { count })`).
 *
 * @example
 * const key: UiKey = "lesson.next";
 */
import type source from "../../locales/en.json";

type PluralSuffix = "zero" | "one" | "two" | "few" | "many" | "other";

/** Dotted paths to the string leaves of a nested strings object. */
type Leaves<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

type WithoutPlural<K extends string> = K extends `${infer Base}_${PluralSuffix}` ? Base : K;

type UiStrings = typeof source;
export type UiKey = WithoutPlural<Leaves<UiStrings>>;
/** The top-level groups of strings (`site`, `notebook`, `settings`, …). */
export type UiSection = keyof UiStrings & string;

/** Every key of the given sections, in full: `SectionKey<"search">` is `"search.label" | "search.loading" | …`. */
export type SectionKey<S extends UiSection> = Extract<UiKey, `${S}.${string}`>;

type Under<K, S extends string> = K extends `${S}.${infer Rest}` ? Rest : never;
/** The keys of one section without its name: `KeyUnder<"notebook">` has `"runningFor"` and `"state.idle"`. */
export type KeyUnder<S extends UiSection> = Under<UiKey, S>;
