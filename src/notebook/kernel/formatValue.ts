/**
 * Values as text, the way Node's console prints them. `inspect` and
 * `util.format` come from `node-inspect-extracted`, Node's own
 * `lib/internal/util/inspect.js` built for the web, so a cell's output reads
 * the same here as when the code runs in Node; `console.table`, which that
 * library does not include, is drawn here.
 *
 * @example
 * inspect({ a: [1, 2], s: "x" })      // "{ a: [ 1, 2 ], s: 'x' }"
 * formatLogArgs(["%s has %d", "a", 2]) // "a has 2"
 */
import { format, inspect } from "node-inspect-extracted";

export { inspect };

/** Joins `console.log` arguments as Node does, with `%s %d %i %f %j %o %O %c %%` in a leading string. */
export function formatLogArgs(args: readonly unknown[]): string {
  return format(...args);
}

/** `console.table` data as columns and text rows, the shape both the text form and the page's table use. */
export interface TableData {
  columns: string[];
  rows: string[][];
}

/** The rows and columns `console.table` shows for a value, or undefined when it is not tabular. */
export function tableData(data: unknown, properties?: readonly string[]): TableData | undefined {
  if (data === null || typeof data !== "object") return undefined;
  const indexColumn = "(index)";
  const valuesColumn = "Values";
  const keys: string[] = [];
  let hasValues = false;
  const entries: [string, unknown][] =
    data instanceof Map ? [...data.entries()].map(([k, v], i) => [String(i), { Key: k, Values: v }] as [string, unknown])
    : data instanceof Set ? [...data].map((v, i) => [String(i), v] as [string, unknown])
    : Object.entries(data);
  const cells = (row: unknown): Map<string, string> => {
    const result = new Map<string, string>();
    if (row !== null && typeof row === "object" && !(data instanceof Set)) {
      for (const key of Object.keys(row)) {
        if (properties && !properties.includes(key)) continue;
        if (!keys.includes(key)) keys.push(key);
        result.set(key, inspect((row as Record<string, unknown>)[key], { depth: 1, breakLength: Infinity }));
      }
    } else {
      hasValues = true;
      result.set(valuesColumn, inspect(row, { depth: 1, breakLength: Infinity }));
    }
    return result;
  };
  const rowCells = entries.map(([index, row]) => [index, cells(row)] as const);
  const columns = [indexColumn, ...(properties ?? keys), ...(hasValues ? [valuesColumn] : [])];
  const rows = rowCells.map(([index, row]) => columns.map((column, i) => (i === 0 ? index : (row.get(column) ?? ""))));
  return { columns, rows };
}

/** A table drawn with box characters, as `console.table` prints it. */
export function drawTable(table: TableData): string {
  const widths = table.columns.map((column, i) => Math.max(column.length, ...table.rows.map((row) => row[i]!.length)) + 2);
  const line = (left: string, middle: string, right: string) => left + widths.map((w) => "─".repeat(w)).join(middle) + right;
  const row = (cells: string[]) => "│" + cells.map((cell, i) => ` ${cell.padEnd(widths[i]! - 2)} `).join("│") + "│";
  return [line("┌", "┬", "┐"), row(table.columns), line("├", "┼", "┤"), ...table.rows.map(row), line("└", "┴", "┘")].join("\n");
}
