/**
 * The site's root URL as the page knows it: its origin and the base path
 * it was built for (`SITE_BASE`), without a trailing slash. This site's
 * server, when there is one, answers `<root>/v1`; on a static host nothing
 * is asked outside it.
 *
 * @example
 * siteRoot() // "https://org.github.io/course" for a page built with SITE_BASE=/course/
 */
export function siteRoot(): string {
  const base = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? "/";
  return new URL(base, location.href).href.replace(/\/+$/, "");
}
