/**
 * The one rule for links between lessons across languages: a lesson links
 * to another lesson's page in its own language (`/fr/lessons/tokens/` in
 * `fr.mdx`). Every lesson has a page in every language (the source text
 * with a notice until it is translated), so the page always exists. The
 * lesson id and the `#id` stay the same. Used by the check, `translate` and
 * `i18n:new` alike.
 *
 * @example
 * linkForLocale("/en/lessons/tokens/#what", "fr") // "/fr/lessons/tokens/#what"
 * linkForLocale("https://example.org/", "fr")     // "https://example.org/" (unchanged)
 */
import { isLocale } from "../i18n/locales.ts";

const LESSON_LINK = /^\/([^/#?]+)\/lessons\//;

export function linkForLocale(target: string, locale: string): string {
  const match = LESSON_LINK.exec(target);
  return match && isLocale(match[1]) ? `/${locale}${target.slice(match[1]!.length + 1)}` : target;
}

/** A lesson text with every link to a lesson page moved to `locale` (Markdown links and href attributes). */
export function localizeLinks(text: string, locale: string): string {
  return text
    .replace(/(\]\()(\/[^)\s]+)/g, (_, open: string, target: string) => open + linkForLocale(target, locale))
    .replace(/(href=["'])(\/[^"']+)/g, (_, open: string, target: string) => open + linkForLocale(target, locale))
    .replace(/^(\s*\[[^\]]+\]:\s*)(\/\S+)/gm, (_, open: string, target: string) => open + linkForLocale(target, locale));
}
