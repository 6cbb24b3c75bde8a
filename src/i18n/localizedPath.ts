/**
 * URLs of the site's pages in each locale. Every page lives under
 * `<base>/<locale>/`, so switching language swaps the locale segment and
 * keeps the rest (and the section anchor). The base is the path the site is
 * published under (`SITE_BASE` at build time, `/` by default); pages use
 * the functions here so every link carries it.
 *
 * @example
 * lessonPath("fr", "open-source-models")            // "/fr/lessons/open-source-models/" (base "/")
 * withBase("/fr/", "/course/")                      // "/course/fr/"
 */
import { isLocale } from "./locales.ts";

/** A base path with exactly one slash at each end: "course" → "/course/", "" → "/". */
export function normalizeBase(base: string): string {
  const inner = base.split("/").filter(Boolean).join("/");
  return inner ? `/${inner}/` : "/";
}

/** The base the site was built with; "/" where no bundler defines it (Node tools, unit tests). */
export const siteBase: string = normalizeBase(import.meta.env?.BASE_URL ?? "/");

/** A site-root path ("/fr/", "/favicon.svg") as published under the base. */
export function withBase(path: string, base: string = siteBase): string {
  return `${base}${path.replace(/^\/+/, "")}`;
}

export function indexPath(locale: string, base: string = siteBase): string {
  return withBase(`/${locale}/`, base);
}

export function lessonPath(locale: string, lesson: string, section?: string, base: string = siteBase): string {
  return withBase(`/${locale}/lessons/${lesson}/${section ? `#${section}` : ""}`, base);
}

/** The locale a site-root path belongs to, or undefined for `/` and unknown prefixes. */
export function localeOfPath(path: string): string | undefined {
  const first = path.split("/")[1];
  return isLocale(first) ? first : undefined;
}
