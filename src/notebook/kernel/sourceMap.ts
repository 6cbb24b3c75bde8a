/**
 * Just enough of source maps to map a position back through the two steps a
 * cell goes through (TypeScript → JavaScript → rewritten body): decoding the
 * VLQ `mappings` string and looking a generated position up. Lines and
 * columns are 0-based, as in the source map format.
 *
 * @example
 * const lines = decodeMappings("AAAA;AACA");
 * lookup(lines, 1, 0) // { line: 1, column: 0 }
 */

/** One mapping segment: generated column, source index, source line, source column. */
export type Segment = readonly number[];
/** Segments per generated line, sorted by generated column. */
export type DecodedMappings = Segment[][];

export interface Position {
  line: number;
  column: number;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Map<string, number>([...BASE64].map((c, i) => [c, i]));

/** Decodes a source map's `mappings` string into absolute positions. */
export function decodeMappings(mappings: string): DecodedMappings {
  const lines: DecodedMappings = [];
  let source = 0;
  let sourceLine = 0;
  let sourceColumn = 0;
  let name = 0;
  for (const lineText of mappings.split(";")) {
    const line: Segment[] = [];
    let column = 0;
    for (const segmentText of lineText.split(",")) {
      if (segmentText === "") continue;
      const fields = decodeVlq(segmentText);
      column += fields[0] ?? 0;
      if (fields.length >= 4) {
        source += fields[1]!;
        sourceLine += fields[2]!;
        sourceColumn += fields[3]!;
        if (fields.length >= 5) name += fields[4]!;
        line.push([column, source, sourceLine, sourceColumn]);
      } else {
        line.push([column]);
      }
    }
    line.sort((a, b) => a[0]! - b[0]!);
    lines.push(line);
  }
  return lines;
}

function decodeVlq(text: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`Invalid source map character "${char}"`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      const negative = value & 1;
      value >>>= 1;
      out.push(negative ? (value === 0 ? -0x80000000 : -value) : value);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/**
 * The original position of a generated one: the segment at or before the
 * column on that line (or the line's first segment), or undefined when the
 * line has no mapping.
 */
export function lookup(lines: DecodedMappings, line: number, column: number): Position | undefined {
  const segments = lines[line];
  if (!segments || segments.length === 0) return undefined;
  let found: Segment | undefined;
  for (const segment of segments) {
    if (segment.length < 4) continue;
    if (segment[0]! <= column) found = segment;
    else break;
  }
  found ??= segments.find((s) => s.length >= 4);
  if (!found) return undefined;
  // Within a segment, text is copied as is: carry the offset from its start.
  const offset = found[0]! <= column ? column - found[0]! : 0;
  return { line: found[2]!, column: found[3]! + offset };
}
