/**
 * Compares a locale's UI strings with the source locale's: every key the
 * source has must be there, plural keys in every plural form the target
 * language uses (Arabic has six, Japanese one), and nothing extra.
 *
 * @example
 * findMissingKeys({ a: "x", n_one: "1", n_other: "n" }, { a: "y" }, "fr")
 * // [{ key: "n_one", problem: "missing" }, { key: "n_other", problem: "missing" }]
 */

export interface KeyProblem {
  key: string;
  problem: "missing" | "missing plural form" | "unused" | "not a string";
}

const PLURAL_SUFFIXES = ["zero", "one", "two", "few", "many", "other"];

/** Flattens nested string objects to dotted keys. */
export function flattenKeys(strings: Record<string, unknown>, prefix = ""): Map<string, unknown> {
  const flat = new Map<string, unknown>();
  for (const [key, value] of Object.entries(strings)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of flattenKeys(value as Record<string, unknown>, path)) flat.set(k, v);
    } else {
      flat.set(path, value);
    }
  }
  return flat;
}

function pluralBase(key: string): string | undefined {
  const at = key.lastIndexOf("_");
  return at > 0 && PLURAL_SUFFIXES.includes(key.slice(at + 1)) ? key.slice(0, at) : undefined;
}

/** The keys a locale must have, given the source's keys. */
export function expectedKeys(sourceKeys: Iterable<string>, locale: string): Set<string> {
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
  const expected = new Set<string>();
  for (const key of sourceKeys) {
    const base = pluralBase(key);
    if (base === undefined) expected.add(key);
    else for (const category of categories) expected.add(`${base}_${category}`);
  }
  return expected;
}

export function findMissingKeys(source: Record<string, unknown>, target: Record<string, unknown>, locale: string): KeyProblem[] {
  const sourceFlat = flattenKeys(source);
  const targetFlat = flattenKeys(target);
  const expected = expectedKeys(sourceFlat.keys(), locale);
  const problems: KeyProblem[] = [];
  for (const key of expected) {
    if (!targetFlat.has(key)) problems.push({ key, problem: sourceFlat.has(key) ? "missing" : "missing plural form" });
    else if (typeof targetFlat.get(key) !== "string") problems.push({ key, problem: "not a string" });
  }
  for (const key of targetFlat.keys()) {
    const base = pluralBase(key);
    const isKnownPlural = base !== undefined && [...expected].some((k) => pluralBase(k) === base);
    if (!expected.has(key) && !isKnownPlural) problems.push({ key, problem: "unused" });
  }
  return problems;
}
