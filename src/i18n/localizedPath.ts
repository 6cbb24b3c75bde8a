/**
 * URLs of the site's pages in each locale. Every page lives under
 * `/<locale>/`, so switching language swaps the first path segment and keeps
 * the rest (and the section anchor).
 *
 * @example
 * lessonPath("fr", "open-source-models")            // "/fr/lessons/open-source-models/"
 * switchLocalePath("/fr/lessons/x/#why", "es")      // "/es/lessons/x/#why"
 */
import { isLocale } from "./locales.ts";

export function indexPath(locale: string): string {
  return `/${locale}/`;
}

export function lessonPath(locale: string, lesson: string, section?: string): string {
  return `/${locale}/lessons/${lesson}/${section ? `#${section}` : ""}`;
}

/** The locale a path belongs to, or undefined for `/` and unknown prefixes. */
export function localeOfPath(path: string): string | undefined {
  const first = path.split("/")[1];
  return isLocale(first) ? first : undefined;
}

/** The same page in another locale; paths outside any locale go to its index. */
export function switchLocalePath(pathWithHash: string, locale: string): string {
  const hashAt = pathWithHash.indexOf("#");
  const path = hashAt === -1 ? pathWithHash : pathWithHash.slice(0, hashAt);
  const hash = hashAt === -1 ? "" : pathWithHash.slice(hashAt);
  if (!localeOfPath(path)) return indexPath(locale);
  const rest = path.split("/").slice(2).join("/");
  return `/${locale}/${rest}${hash}`;
}
