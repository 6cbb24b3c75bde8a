/**
 * `i18n:status` as text: a lesson × language table (one column per
 * translation language), a legend and a summary line, and whether every
 * translation exists and is up to date (for `--strict`).
 *
 * @example
 * const { lines, complete } = renderStatus(rows, { colour: useColour(process.stdout) });
 * console.log(lines.join("\n"));
 */
import { localeCodes, sourceLocale } from "../i18n/locales.ts";
import { formatTable, type TableCell } from "./textTable.ts";

/** What the table needs of one lesson's status (the rows `i18n:status --json` prints). */
export type StatusRow = {
  lesson: string;
  locales: Record<
    string,
    { status: "source" | "missing" | "current" | "outdated"; outdatedSections: readonly string[]; untranslatedSections?: readonly string[]; machineSections: readonly string[] }
  >;
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function renderStatus(rows: readonly StatusRow[], options: { colour: boolean; locales?: readonly string[] }): { lines: string[]; complete: boolean } {
  const languages = (options.locales ?? localeCodes).filter((c) => c !== sourceLocale);
  const counts = { current: 0, outdated: 0, untranslated: 0, missing: 0, machine: 0 };
  const cell = (state: StatusRow["locales"][string] | undefined): TableCell => {
    if (!state || state.status === "missing" || state.status === "source") {
      counts.missing++;
      return { text: "missing", style: "red" };
    }
    const machine = state.machineSections.length > 0 ? "*" : "";
    if (machine) counts.machine++;
    const untranslated = (state.untranslatedSections ?? []).filter((id) => !state.outdatedSections.includes(id));
    if (untranslated.length > 0) {
      counts.untranslated++;
      const outdated = state.outdatedSections.length > 0 ? `, ${state.outdatedSections.length} outdated: ${state.outdatedSections.map((id) => `#${id}`).join(" ")}` : "";
      return { text: `${untranslated.length} not translated yet: ${untranslated.map((id) => `#${id}`).join(" ")}${outdated}`, style: "yellow" };
    }
    if (state.status === "current") {
      counts.current++;
      return { text: `up to date${machine}`, style: "green" };
    }
    counts.outdated++;
    return { text: `${state.outdatedSections.length} outdated${machine}: ${state.outdatedSections.map((id) => `#${id}`).join(" ")}`, style: "yellow" };
  };
  const table = formatTable(
    ["lesson", ...languages],
    rows.map((row) => [row.lesson, ...languages.map((code) => cell(row.locales[code]))]),
    options,
  );
  const total = rows.length * languages.length;
  const lines = [
    ...table,
    "",
    ...(counts.machine > 0 ? ["* has machine-translated sections no one has reviewed yet (npm run i18n:review)"] : []),
    `${plural(rows.length, "lesson", "lessons")} × ${plural(languages.length, "language", "languages")} (source: ${sourceLocale}): ` +
      `${counts.current} of ${total} up to date, ${counts.outdated} outdated, ${counts.untranslated > 0 ? `${counts.untranslated} not translated yet, ` : ""}${counts.missing} missing; ` +
      `${plural(counts.machine, "translation has", "translations have")} machine-made sections to review.`,
  ];
  return { lines, complete: counts.outdated === 0 && counts.missing === 0 && counts.untranslated === 0 };
}
