/**
 * A date as the reader's locale writes it.
 *
 * @example
 * formatDate(new Date("2026-11-26"), "fr") // "26 novembre 2026"
 */
export function formatDate(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(date);
}
