/**
 * Maps a position back through the two steps a cell goes through
 * (TypeScript → JavaScript → rewritten body): the VLQ `mappings` string is
 * decoded by `@jridgewell/sourcemap-codec`, and a generated position is
 * looked up here. Lines and columns are 0-based, as in the source map format.
 *
 * @example
 * const lines = decodeMappings("AAAA;AACA");
 * lookup(lines, 1, 0) // { line: 1, column: 0 }
 */
import { decode } from "@jridgewell/sourcemap-codec";

/** One mapping segment: generated column, source index, source line, source column. */
type Segment = readonly number[];
/** Segments per generated line, sorted by generated column. */
export type DecodedMappings = Segment[][];

export interface Position {
  line: number;
  column: number;
}

/** Decodes a source map's `mappings` string into absolute positions, sorted by generated column. */
export function decodeMappings(mappings: string): DecodedMappings {
  return decode(mappings);
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
