/**
 * A date as the reader's locale writes it. One formatter per locale: a
 * build writes dates on thousands of pages, and making a formatter costs
 * far more than using one.
 *
 * @example
 * formatDate(new Date("2026-11-26"), "fr") // "26 novembre 2026"
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatDate(date: Date, locale: string): string {
  let formatter = formatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
    formatters.set(locale, formatter);
  }
  return formatter.format(date);
}
