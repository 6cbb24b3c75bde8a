/**
 * Values as text, the way Node's console prints them: `{ a: 1, b: 'x' }`,
 * `[ 1, 2, 3 ]`, `Map(1) { 'k' => 1 }`, `Foo { x: 1 }`, `<ref *1>` for
 * circular references, nested objects cut at depth 2, long arrays cut at 100
 * items, lines broken past 80 columns. A cell's output reads the same here
 * as when the code runs in Node.
 *
 * @example
 * inspect({ a: [1, 2], s: "x" })      // "{ a: [ 1, 2 ], s: 'x' }"
 * formatLogArgs(["%s has %d", "a", 2]) // "a has 2"
 */

export interface InspectOptions {
  /** Levels of nesting shown before `[Object]` (Node's default: 2). */
  depth?: number;
  /** Array, Set and Map items shown before "... n more items". */
  maxArrayLength?: number;
  /** Characters of a string shown before "... n more characters". */
  maxStringLength?: number;
  breakLength?: number;
  /** Also show non-enumerable properties, in brackets (`%o`); not for functions. */
  showHidden?: boolean;
}

interface Context {
  showHidden: boolean;
  depth: number;
  maxArrayLength: number;
  maxStringLength: number;
  breakLength: number;
  indentationLvl: number;
  currentDepth: number;
  seen: object[];
  circular: Map<object, number>;
}

const COMPACT = 3;
const MIN_LINE_WIDTH = 16;

export function inspect(value: unknown, options: InspectOptions = {}): string {
  const ctx: Context = {
    showHidden: options.showHidden ?? false,
    depth: options.depth ?? 2,
    maxArrayLength: options.maxArrayLength ?? 100,
    maxStringLength: options.maxStringLength ?? 10_000,
    breakLength: options.breakLength ?? 80,
    indentationLvl: 0,
    currentDepth: 0,
    seen: [],
    circular: new Map(),
  };
  return formatValue(ctx, value, 0);
}

/** Joins `console.log` arguments as Node does, with `%s %d %i %f %j %o %O %c %%` in a leading string. */
export function formatLogArgs(args: readonly unknown[]): string {
  if (args.length === 0) return "";
  const first = args[0];
  let rest = 1;
  let out = "";
  if (typeof first === "string" && args.length > 1 && first.includes("%")) {
    let last = 0;
    for (let i = 0; i < first.length - 1; i++) {
      if (first[i] !== "%") continue;
      const code = first[i + 1]!;
      let piece: string | undefined;
      if (code === "%") {
        out += first.slice(last, i) + "%";
        last = i + 2;
        i++;
        continue;
      }
      if (rest >= args.length || !"sdifjoOc".includes(code)) continue;
      const arg = args[rest];
      switch (code) {
        case "s":
          piece =
            typeof arg === "bigint" ? `${arg}n`
            : typeof arg === "symbol" ? String(arg)
            : typeof arg === "object" && arg !== null ? inspect(arg, { depth: 0 })
            : typeof arg === "number" ? formatNumber(arg)
            : String(arg);
          break;
        case "d":
          piece = typeof arg === "bigint" ? `${arg}n` : typeof arg === "symbol" || (typeof arg === "object" && arg !== null) ? "NaN" : formatNumber(Number(arg));
          break;
        case "i":
          piece = typeof arg === "bigint" ? `${arg}n` : typeof arg === "symbol" ? "NaN" : formatNumber(Number.parseInt(String(arg)));
          break;
        case "f":
          piece = typeof arg === "symbol" ? "NaN" : formatNumber(Number.parseFloat(String(arg)));
          break;
        case "j":
          try {
            piece = JSON.stringify(arg);
          } catch {
            piece = "[Circular]";
          }
          break;
        case "o":
        case "O":
          piece = inspect(arg, code === "o" ? { depth: 4, showHidden: true } : {});
          break;
        case "c":
          piece = "";
          break;
      }
      out += first.slice(last, i) + piece;
      last = i + 2;
      i++;
      rest++;
    }
    out += first.slice(last);
  } else {
    out = typeof first === "string" ? first : inspect(first);
  }
  for (let i = rest; i < args.length; i++) {
    const arg = args[i];
    out += " " + (typeof arg === "string" ? arg : inspect(arg));
  }
  return out;
}

function formatNumber(n: number): string {
  return Object.is(n, -0) ? "-0" : String(n);
}

function formatValue(ctx: Context, value: unknown, recurseTimes: number): string {
  if (value === null) return "null";
  if (typeof value !== "object" && typeof value !== "function") return formatPrimitive(ctx, value);
  if (ctx.seen.includes(value)) {
    let index = ctx.circular.get(value);
    if (index === undefined) {
      index = ctx.circular.size + 1;
      ctx.circular.set(value, index);
    }
    return `[Circular *${index}]`;
  }
  return formatRaw(ctx, value, recurseTimes);
}

function formatPrimitive(ctx: Context, value: unknown): string {
  switch (typeof value) {
    case "string": {
      let text = value;
      let trailer = "";
      if (text.length > ctx.maxStringLength) {
        const remaining = text.length - ctx.maxStringLength;
        text = text.slice(0, ctx.maxStringLength);
        trailer = `... ${remaining} more character${remaining > 1 ? "s" : ""}`;
      }
      if (text.length > MIN_LINE_WIDTH && text.length > ctx.breakLength - ctx.indentationLvl - 4 && text.includes("\n")) {
        const lines = text.split(/(?<=\n)/);
        return lines.map((line) => quote(line)).join(` +\n${" ".repeat(ctx.indentationLvl + 2)}`) + trailer;
      }
      return quote(text) + trailer;
    }
    case "number":
      return formatNumber(value);
    case "bigint":
      return `${value}n`;
    case "boolean":
      return String(value);
    case "undefined":
      return "undefined";
    case "symbol":
      return value.toString();
    default:
      return String(value);
  }
}

const ESCAPES: Record<string, string> = { "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f", "\v": "\\v", "\\": "\\\\" };

/** A string in quotes, as Node shows it inside objects: single quotes unless the text has them. */
export function quote(text: string): string {
  let q = "'";
  if (text.includes("'")) {
    if (!text.includes('"')) q = '"';
    else if (!text.includes("`") && !text.includes("${")) q = "`";
  }
  let out = "";
  for (const char of text) {
    if (char === q) out += "\\" + char;
    else if (ESCAPES[char]) out += ESCAPES[char];
    else if (char < " " || char === "\x7f") out += `\\x${char.charCodeAt(0).toString(16).padStart(2, "0").toUpperCase()}`;
    else out += char;
  }
  return q + out + q;
}

const IDENTIFIER = /^[a-zA-Z_][a-zA-Z_0-9]*$/;

function formatKey(key: string | symbol): string {
  if (typeof key === "symbol") return key.toString();
  return IDENTIFIER.test(key) ? key : quote(key);
}

/** The name of the first constructor on the prototype chain, or null for a null-prototype object. */
export function constructorName(value: object): string | null {
  let object: object | null = value;
  while (object) {
    const descriptor = Object.getOwnPropertyDescriptor(object, "constructor");
    if (descriptor && typeof descriptor.value === "function" && descriptor.value.name !== "") return descriptor.value.name as string;
    object = Object.getPrototypeOf(object);
  }
  return null;
}

function functionBase(fn: Function): string {
  const source = safeToString(fn);
  const name = fn.name;
  if (source.startsWith("class") && /^class\b/.test(source)) {
    const parent = Object.getPrototypeOf(fn) as Function;
    const extendsPart = parent && parent !== Function.prototype && parent.name ? ` extends ${parent.name}` : "";
    return `[class ${name || "(anonymous)"}${extendsPart}]`;
  }
  const tag = (fn as unknown as Record<symbol, unknown>)[Symbol.toStringTag];
  const kind = typeof tag === "string" && tag !== "Function" ? tag : "Function";
  return `[${kind}${name ? `: ${name}` : " (anonymous)"}]`;
}

function safeToString(fn: Function): string {
  try {
    return Function.prototype.toString.call(fn);
  } catch {
    return "";
  }
}

function isError(value: object): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === "[object Error]";
}

type Extras = "object" | "array";

function formatRaw(ctx: Context, value: object, recurseTimes: number): string {
  const name = constructorName(value);
  const prefixName = name ?? "[Object: null prototype]";
  let keys = ownKeys(value, ctx.showHidden && typeof value !== "function");
  let braces: [string, string];
  let base = "";
  let extras: Extras = "object";
  let formatter: (() => string[]) | undefined;
  const nullProto = name === null;

  if (Array.isArray(value)) {
    keys = keys.filter((k) => typeof k === "symbol" || !isIndex(k));
    const prefix = name !== "Array" ? `${nullProto ? "[Array(" + value.length + "): null prototype]" : `${name}(${value.length})`} ` : "";
    braces = [`${prefix}[`, "]"];
    extras = "array";
    if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
    formatter = () => formatArrayItems(ctx, value, recurseTimes);
  } else if (value instanceof Set) {
    const size = value.size;
    braces = [`${name === "Set" ? "Set" : prefixName}(${size}) {`, "}"];
    if (size === 0 && keys.length === 0) return `${braces[0]}}`;
    formatter = () => formatSet(ctx, value, recurseTimes);
  } else if (value instanceof Map) {
    const size = value.size;
    braces = [`${name === "Map" ? "Map" : prefixName}(${size}) {`, "}"];
    if (size === 0 && keys.length === 0) return `${braces[0]}}`;
    formatter = () => formatMap(ctx, value, recurseTimes);
  } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const typed = value as unknown as ArrayLike<number | bigint>;
    keys = keys.filter((k) => typeof k === "symbol" || !isIndex(k));
    braces = [`${name}(${typed.length}) [`, "]"];
    extras = "array";
    if (typed.length === 0 && keys.length === 0) return `${braces[0]}]`;
    formatter = () => formatTypedItems(ctx, typed);
  } else {
    braces = ["{", "}"];
    if (typeof value === "function") {
      base = functionBase(value);
      keys = keys.filter((k) => k !== "prototype");
      if (keys.length === 0) return base;
    } else if (value instanceof RegExp) {
      base = RegExp.prototype.toString.call(value);
      if (keys.length === 0) return base;
    } else if (value instanceof Date) {
      base = Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
      if (keys.length === 0) return base;
    } else if (isError(value)) {
      base = formatError(value);
      keys = keys.filter((k) => k !== "stack" && k !== "message");
      if (keys.length === 0) return base;
    } else if (value instanceof Number || value instanceof String || value instanceof Boolean) {
      const kind = value instanceof Number ? "Number" : value instanceof String ? "String" : "Boolean";
      base = `[${kind}: ${formatPrimitive(ctx, value.valueOf())}]`;
      if (value instanceof String) keys = keys.filter((k) => typeof k === "symbol" || !isIndex(k));
      if (keys.length === 0) return base;
    } else if (typeof Promise !== "undefined" && value instanceof Promise) {
      braces = ["Promise {", "}"];
      formatter = () => ["<unknown>"];
    } else if (value instanceof WeakMap || value instanceof WeakSet) {
      return `${name} { <items unknown> }`;
    } else if (value instanceof ArrayBuffer) {
      braces = ["ArrayBuffer {", "}"];
      formatter = () => {
        const bytes = [...new Uint8Array(value).slice(0, 50)].map((b) => b.toString(16).padStart(2, "0"));
        const more = value.byteLength > 50 ? ` ... ${value.byteLength - 50} more byte${value.byteLength - 50 > 1 ? "s" : ""}` : "";
        return [`[Uint8Contents]: <${bytes.join(" ")}${more}>`, `byteLength: ${value.byteLength}`];
      };
    } else {
      const tag = (value as Record<symbol, unknown>)[Symbol.toStringTag];
      const tagPart = typeof tag === "string" && tag !== "" && tag !== name ? ` [${tag}]` : "";
      if (nullProto) braces = [`[Object: null prototype]${tagPart} {`, "}"];
      else if (name !== "Object" || tagPart) braces = [`${name}${tagPart} {`, "}"];
      if (keys.length === 0) return `${braces[0]}}`;
    }
  }

  if (recurseTimes > ctx.depth) {
    return `[${Array.isArray(value) ? "Array" : (name ?? "Object")}]`;
  }
  recurseTimes += 1;
  ctx.seen.push(value);
  ctx.currentDepth = recurseTimes;
  let output: string[];
  try {
    output = formatter ? formatter() : [];
    for (const key of keys) output.push(formatProperty(ctx, value, recurseTimes, key));
  } finally {
    ctx.seen.pop();
  }
  const index = ctx.circular.get(value);
  if (index !== undefined) {
    const reference = `<ref *${index}>`;
    if (base === "") braces[0] = `${reference} ${braces[0]}`;
    else base = `${reference} ${base}`;
  }
  return reduceToSingleString(ctx, output, base, braces, extras, recurseTimes, value);
}

function ownKeys(value: object, hidden: boolean): (string | symbol)[] {
  if (hidden) return Reflect.ownKeys(value);
  const keys: (string | symbol)[] = Object.keys(value);
  for (const symbol of Object.getOwnPropertySymbols(value)) {
    if (Object.prototype.propertyIsEnumerable.call(value, symbol)) keys.push(symbol);
  }
  return keys;
}

function isIndex(key: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < 2 ** 32 - 1;
}

function formatError(error: Error): string {
  const stack = typeof error.stack === "string" && error.stack !== "" ? error.stack : `${error.name}: ${error.message}`;
  return stack;
}

function formatProperty(ctx: Context, value: object, recurseTimes: number, key: string | symbol, arrayItem = false): string {
  const descriptor = Object.getOwnPropertyDescriptor(value, key) ?? { value: (value as Record<string | symbol, unknown>)[key], enumerable: true };
  let text: string;
  if ("value" in descriptor) {
    ctx.indentationLvl += 2;
    text = formatValue(ctx, descriptor.value, recurseTimes);
    ctx.indentationLvl -= 2;
  } else if (descriptor.get) {
    text = descriptor.set ? "[Getter/Setter]" : "[Getter]";
  } else {
    text = descriptor.set ? "[Setter]" : "undefined";
  }
  if (arrayItem) return text;
  if (descriptor.enumerable === false) return `[${typeof key === "symbol" ? key.toString() : key}]: ${text}`;
  return `${formatKey(key)}: ${text}`;
}

function formatArrayItems(ctx: Context, array: unknown[], recurseTimes: number): string[] {
  const output: string[] = [];
  const shown = Math.min(array.length, ctx.maxArrayLength);
  let i = 0;
  for (; i < array.length && output.length < shown; i++) {
    if (!Object.prototype.hasOwnProperty.call(array, i)) {
      let holes = 0;
      while (i < array.length && !Object.prototype.hasOwnProperty.call(array, i)) {
        holes++;
        i++;
      }
      i--;
      output.push(`<${holes} empty item${holes > 1 ? "s" : ""}>`);
    } else {
      output.push(formatProperty(ctx, array, recurseTimes, String(i), true));
    }
  }
  const remaining = array.length - i;
  if (remaining > 0) output.push(`... ${remaining} more item${remaining > 1 ? "s" : ""}`);
  return output;
}

function formatTypedItems(ctx: Context, typed: ArrayLike<number | bigint>): string[] {
  const output: string[] = [];
  const shown = Math.min(typed.length, ctx.maxArrayLength);
  for (let i = 0; i < shown; i++) {
    const item = typed[i]!;
    output.push(typeof item === "bigint" ? `${item}n` : formatNumber(item));
  }
  const remaining = typed.length - shown;
  if (remaining > 0) output.push(`... ${remaining} more item${remaining > 1 ? "s" : ""}`);
  return output;
}

function formatSet(ctx: Context, set: Set<unknown>, recurseTimes: number): string[] {
  const output: string[] = [];
  ctx.indentationLvl += 2;
  let count = 0;
  for (const item of set) {
    if (count++ >= ctx.maxArrayLength) break;
    output.push(formatValue(ctx, item, recurseTimes));
  }
  ctx.indentationLvl -= 2;
  const remaining = set.size - ctx.maxArrayLength;
  if (remaining > 0) output.push(`... ${remaining} more item${remaining > 1 ? "s" : ""}`);
  return output;
}

function formatMap(ctx: Context, map: Map<unknown, unknown>, recurseTimes: number): string[] {
  const output: string[] = [];
  ctx.indentationLvl += 2;
  let count = 0;
  for (const [key, item] of map) {
    if (count++ >= ctx.maxArrayLength) break;
    output.push(`${formatValue(ctx, key, recurseTimes)} => ${formatValue(ctx, item, recurseTimes)}`);
  }
  ctx.indentationLvl -= 2;
  const remaining = map.size - ctx.maxArrayLength;
  if (remaining > 0) output.push(`... ${remaining} more item${remaining > 1 ? "s" : ""}`);
  return output;
}

function isBelowBreakLength(ctx: Context, output: string[], start: number, base: string): boolean {
  let total = output.length + start;
  if (total + output.length > ctx.breakLength) return false;
  for (const entry of output) {
    total += entry.length;
    if (total > ctx.breakLength) return false;
  }
  return base === "" || !base.includes("\n");
}

function reduceToSingleString(
  ctx: Context,
  output: string[],
  base: string,
  braces: [string, string],
  extras: Extras,
  recurseTimes: number,
  value: unknown,
): string {
  const entries = output.length;
  if (extras === "array" && entries > 6) output = groupArrayItems(ctx, output, value);
  if (ctx.currentDepth - recurseTimes < COMPACT && entries === output.length) {
    const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
    if (isBelowBreakLength(ctx, output, start, base)) {
      const joined = output.join(", ");
      if (!joined.includes("\n")) return `${base ? `${base} ` : ""}${braces[0]} ${joined} ${braces[1]}`;
    }
  }
  const indentation = `\n${" ".repeat(ctx.indentationLvl)}`;
  return `${base ? `${base} ` : ""}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
}

/**
 * Long arrays of short items are laid out in aligned columns, about as wide
 * as tall (counting a character as 2.5 times higher than wide); numbers are
 * right-aligned, anything else left-aligned.
 */
function groupArrayItems(ctx: Context, output: string[], value: unknown): string[] {
  const hasMore = output.length > 0 && output[output.length - 1]!.startsWith("... ") && output[output.length - 1]!.endsWith(" more items");
  const count = hasMore ? output.length - 1 : output.length;
  const separator = 2;
  const lengths = output.slice(0, count).map((entry) => entry.length);
  const total = lengths.reduce((sum, length) => sum + length + separator, 0);
  const longest = Math.max(0, ...lengths);
  const cellWidth = longest + separator;
  if (!(cellWidth * 3 + ctx.indentationLvl < ctx.breakLength && (total / cellWidth > 5 || longest <= 6))) return output;
  const bias = Math.sqrt(cellWidth - total / output.length);
  const biasedWidth = Math.max(cellWidth - 3 - bias, 1);
  const columns = Math.min(
    Math.round(Math.sqrt(2.5 * biasedWidth * count) / biasedWidth),
    Math.floor((ctx.breakLength - ctx.indentationLvl) / cellWidth),
    COMPACT * 4,
    15,
  );
  if (columns <= 1) return output;
  const columnWidths: number[] = [];
  for (let c = 0; c < columns; c++) {
    let width = 0;
    for (let j = c; j < count; j += columns) width = Math.max(width, lengths[j]!);
    columnWidths.push(width + separator);
  }
  const items = Array.isArray(value) ? value : [];
  const rightAlign = items.length > 0 && items.slice(0, count).every((item) => typeof item === "number" || typeof item === "bigint");
  const rows: string[] = [];
  for (let i = 0; i < count; i += columns) {
    const end = Math.min(i + columns, count);
    let row = "";
    for (let j = i; j < end - 1; j++) {
      const cell = `${output[j]}, `;
      row += rightAlign ? cell.padStart(columnWidths[j - i]!) : cell.padEnd(columnWidths[j - i]!);
    }
    row += rightAlign ? output[end - 1]!.padStart(columnWidths[end - 1 - i]! - separator) : output[end - 1]!;
    rows.push(row);
  }
  if (hasMore) rows.push(output[output.length - 1]!);
  return rows;
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
      result.set(valuesColumn, typeof row === "string" ? quote(row) : inspect(row, { depth: 1, breakLength: Infinity }));
    }
    return result;
  };
  const rowCells = entries.map(([index, row]) => [index, cells(row)] as const);
  const columns = [indexColumn, ...(properties ? properties.filter((p) => keys.includes(p) || true) : keys), ...(hasValues ? [valuesColumn] : [])];
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
