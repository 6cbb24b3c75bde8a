/**
 * A CSV text as rows keyed by the header's column names, for lesson data
 * files: the kernel gives cells these rows, and the language service types
 * them from the same header. Quoted fields may hold commas, quotes ("")
 * and line breaks; every value stays a string, as written.
 *
 * @example
 * csvRows("level,score\nA1,10\n") // [{ level: "A1", score: "10" }]
 */

/** The fields of each record, header included. */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") record.push(field), (field = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || record.length > 0) record.push(field), records.push(record);
  return records.filter((r) => !(r.length === 1 && r[0] === ""));
}

/** The column names of a CSV text (its first record). */
export function csvColumns(text: string): string[] {
  return csvRecords(text)[0] ?? [];
}

export function csvRows(text: string): Record<string, string>[] {
  const [header = [], ...rest] = csvRecords(text);
  return rest.map((fields) => Object.fromEntries(header.map((name, i) => [name, fields[i] ?? ""])));
}
