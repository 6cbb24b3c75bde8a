/**
 * Finds the site's control labels quoted in lesson prose ("Run", „Run“,
 * 「Run」, «Run»…) that are not the label the interface shows in that
 * lesson's language, e.g. 「Run」 in Japanese, where the button reads 実行.
 * Lessons should name controls with `<UiLabel name="…" />` instead.
 *
 * @example
 * misquotedLabels("押してください「Run」", "ja", strings)
 * // [{ line: 1, quoted: "Run", key: "notebook.run", expected: "実行" }]
 */
import { labelIn, uiLabelKeys } from "./uiLabels.ts";

export interface MisquotedLabel {
  line: number;
  quoted: string;
  key: string;
  expected: string;
}

/** Quotation marks of the course's languages, opening → closing. */
const QUOTES = /"([^"\n]{1,40})"|“([^”\n]{1,40})”|„([^“”\n]{1,40})[“”]|«\s?([^»\n]{1,40}?)\s?»|「([^」\n]{1,40})」|『([^』\n]{1,40})』|［([^］\n]{1,40})］|‘([^’\n]{1,40})’/g;

/** Prose lines: outside fenced code, with inline code removed. */
function proseLines(text: string): [number, string][] {
  let fenced = false;
  return text.split("\n").flatMap((line, i): [number, string][] => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return [];
    }
    return fenced ? [] : [[i + 1, line.replace(/`[^`]*`/g, "")]];
  });
}

/**
 * Quoted control labels in `text` (a lesson in `locale`) that differ from
 * the label `strings[locale]` gives that control. A quotation counts as a
 * control label when it is the label of one of `uiLabelKeys` in any locale.
 */
export function misquotedLabels(text: string, locale: string, strings: Record<string, Record<string, unknown>>): MisquotedLabel[] {
  const own = strings[locale];
  if (!own) return [];
  const ownLabels = new Set(uiLabelKeys.map((key) => labelIn(own, key)));
  const keyOf = new Map<string, string>();
  for (const table of Object.values(strings)) {
    for (const key of uiLabelKeys) {
      const label = labelIn(table, key);
      if (label && !keyOf.has(label)) keyOf.set(label, key);
    }
  }
  const found: MisquotedLabel[] = [];
  for (const [line, prose] of proseLines(text)) {
    for (const match of prose.matchAll(QUOTES)) {
      const quoted = match.slice(1).find((group) => group !== undefined)!.replace(/\u00a0|\u202f/g, " ").trim();
      const key = keyOf.get(quoted);
      if (key && !ownLabels.has(quoted)) found.push({ line, quoted, key, expected: labelIn(own, key) ?? key });
    }
  }
  return found;
}
