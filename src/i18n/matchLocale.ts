/**
 * The best locale for a list of language preferences (as in
 * `navigator.languages`): an exact match first, then the same language.
 * The one matching rule of the site, for the root page's redirect and the
 * 404 page's text; free of the registry's schema so pages can bundle it.
 *
 * @example
 * matchLocale(["pt-PT", "en"], ["en", "pt-BR"]) // "pt-BR"
 * matchLocale(["zh-TW"], ["en", "zh-CN"])       // "zh-CN"
 */
export function matchLocale(preferences: readonly unknown[], codes: readonly string[]): string | undefined {
  for (const pref of preferences) {
    if (typeof pref !== "string" || pref === "") continue;
    const exact = codes.find((c) => c.toLowerCase() === pref.toLowerCase());
    if (exact) return exact;
    const lang = pref.split("-")[0]!.toLowerCase();
    const sameLanguage = codes.find((c) => c.split("-")[0]!.toLowerCase() === lang);
    if (sameLanguage) return sameLanguage;
  }
  return undefined;
}

/** The reader's locale: the one they chose before (if still published), else their browser's best match. */
export function readerLocale(codes: readonly string[], saved: string | null, preferences: readonly unknown[]): string | undefined {
  return saved !== null && codes.includes(saved) ? saved : matchLocale(preferences, codes);
}
