/**
 * Aligned text columns for a terminal or a pipe: the widest cell sets each
 * column's width (measured in terminal columns, so CJK text lines up), two
 * spaces between columns, colour added after padding and only when asked.
 * Our own rather than cli-table3: its boxes get in the way of grep and
 * diff when piped, and plain columns are a dozen lines.
 *
 * @example
 * formatTable(["lesson", "fr"], [["welcome", { text: "missing", style: "red" }]], { colour: false });
 * // ["lesson   fr", "welcome  missing"]
 */
import { styleText } from "node:util";
import stringWidth from "string-width";

export type TableCell = string | { text: string; style?: Parameters<typeof styleText>[0] };

export function formatTable(header: readonly string[], rows: readonly (readonly TableCell[])[], options: { colour: boolean }): string[] {
  const text = (cell: TableCell | undefined) => (typeof cell === "string" ? cell : (cell?.text ?? ""));
  const widths = header.map((h, i) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(text(r[i])))));
  const line = (cells: readonly TableCell[], headerStyle?: Parameters<typeof styleText>[0]) =>
    widths
      .map((width, i) => {
        const cell = cells[i];
        const padded = i === widths.length - 1 ? text(cell) : text(cell) + " ".repeat(width - stringWidth(text(cell)));
        const style = headerStyle ?? (typeof cell === "object" ? cell.style : undefined);
        return options.colour && style ? styleText(style, padded, { validateStream: false }) : padded;
      })
      .join("  ")
      .trimEnd();
  return [line(header, "bold"), ...rows.map((r) => line(r))];
}
