/**
 * A chat request's size bounds, checked on its JSON text as it arrives,
 * before it is parsed. `JSON.parse` of a body with 100,000 members in one
 * object, or half a million nested brackets, holds the event loop for tens
 * to hundreds of milliseconds; this scan takes the text chunk by chunk and
 * stops at the first member past its bound. The bounds are the request
 * schema's own (`maxItems`, `maxProperties`, followed through `properties`,
 * `items`, `additionalProperties` and `$ref`), so the answer is the one the
 * schema would give after parsing; a string far over its `maxLength` is
 * refused here too. Strings are skipped with `indexOf`; malformed text is
 * left for the parser to refuse.
 *
 * @example
 * const scan = jsonShapeScanner(chatCompletionBodySchema(), 40)();
 * scan('{"messages":[],"stop":["a","b",');  // undefined: nothing past a bound yet
 * scan('"c","d","e"]}');                   // { field: "stop", keyword: "maxItems", limit: 4, node }
 */

type SchemaNode = Record<string, unknown>;

/** The first bound a text goes past: its field (as error messages write it), the keyword, the limit and the schema node that sets it. */
export type ShapeViolation = { field: string; keyword: "maxLength" | "maxItems" | "maxProperties" | "depth"; limit: number; node: SchemaNode | undefined };

/** An open array or object: its schema node and bound, members so far, its name in its parent, and (objects) the key being read. */
type Frame = { node: SchemaNode | undefined; array: boolean; members: number; bound: number; name: string; key: string; expectKey: boolean };

/** Strings shorter than this are left to the schema: no `maxLength` in it is below 64 characters, and a character takes at most 6 in JSON text. */
const LONG_STRING = 6 * 64;
const KEY_CHARS = 256;

const asNode = (value: unknown): SchemaNode | undefined => (value !== null && typeof value === "object" ? (value as SchemaNode) : undefined);

/** A maker of scanners for `schema`'s bounds, nesting at most `maxDepth`: each scanner takes one body's text in pieces. */
export function jsonShapeScanner(schema: object, maxDepth: number): () => (piece: string) => ShapeViolation | undefined {
  const root = schema as SchemaNode;
  const defs = asNode(root.$defs) ?? {};
  const resolve = (node: SchemaNode | undefined): SchemaNode | undefined => {
    const ref = node?.$ref;
    return typeof ref === "string" && ref.startsWith("#/$defs/") ? asNode(defs[ref.slice(8)]) : node;
  };
  /** The schema node of the value now being read in `parent`. */
  const childNode = (parent: Frame): SchemaNode | undefined => {
    if (parent.array) return resolve(asNode(parent.node?.items));
    const properties = asNode(parent.node?.properties);
    return resolve(asNode(properties && Object.hasOwn(properties, parent.key) ? properties[parent.key] : parent.node?.additionalProperties));
  };
  /** The field's name (`messages[0].content`), built only when a bound is passed. */
  const fieldOf = (stack: Frame[], own?: Frame) => {
    let name = "";
    const parts = own ? [...stack.slice(1), own] : stack.slice(1);
    parts.forEach((frame, d) => {
      const parent = d === 0 ? stack[0]! : (parts[d - 1] ?? stack[0]!);
      name += parent.array ? frame.name : `${name === "" ? "" : "."}${frame.name}`;
    });
    return name || "body";
  };

  return () => {
    const stack: Frame[] = [];
    let inString = false;
    let isKey = false;
    let backslashes = 0; // at the end of the last piece, inside a string
    let stringChars = 0;
    let stringLimit: { limit: number; node: SchemaNode | undefined } | undefined;
    let done = false;

    /** Reads string text from `at`; returns where the string ends (after its quote), or -1 when it goes on in the next piece. */
    const readString = (piece: string, at: number): number => {
      let from = at;
      for (;;) {
        const quote = piece.indexOf('"', from);
        const end = quote === -1 ? piece.length : quote;
        let run = 0;
        while (end - 1 - run >= from && piece.charCodeAt(end - 1 - run) === 92) run++;
        if (end - run === from) run += backslashes; // the run goes back into the previous piece
        backslashes = 0;
        if (quote === -1) {
          backslashes = run;
          take(piece, at, piece.length);
          return -1;
        }
        if (run % 2 === 0) {
          take(piece, at, quote);
          return quote + 1;
        }
        from = quote + 1;
      }
    };
    const take = (piece: string, from: number, to: number) => {
      stringChars += to - from;
      if (isKey) {
        const top = stack[stack.length - 1]!;
        if (top.key.length < KEY_CHARS) top.key += piece.slice(from, Math.min(to, from + KEY_CHARS - top.key.length));
      }
    };

    return (piece) => {
      if (done) return undefined;
      for (let i = 0; i < piece.length; i++) {
        if (inString) {
          const end = readString(piece, i);
          const top = stack[stack.length - 1];
          if (!isKey && top && stringChars > LONG_STRING) {
            stringLimit ??= (() => {
              const node = childNode(top);
              return { limit: Number(node?.maxLength ?? Infinity), node };
            })();
            if (stringChars / 6 > stringLimit.limit) {
              done = true;
              const name = top.array ? `[${top.members - 1}]` : top.key;
              return { field: fieldOf(stack, { ...top, name }), keyword: "maxLength", limit: stringLimit.limit, node: stringLimit.node };
            }
          }
          if (end === -1) return undefined;
          inString = false;
          if (isKey && top) top.expectKey = false;
          i = end - 1;
          continue;
        }
        const c = piece.charCodeAt(i);
        if (c === 34) {
          const top = stack[stack.length - 1];
          inString = true;
          isKey = top !== undefined && !top.array && top.expectKey;
          if (isKey) top!.key = "";
          stringChars = 0;
          stringLimit = undefined;
          backslashes = 0;
        } else if (c === 91 || c === 123) {
          const parent = stack[stack.length - 1];
          const node = parent ? childNode(parent) : root;
          const array = c === 91;
          stack.push({
            node,
            array,
            members: 1,
            bound: Number((array ? node?.maxItems : node?.maxProperties) ?? Infinity),
            name: parent ? (parent.array ? `[${parent.members - 1}]` : parent.key) : "",
            key: "",
            expectKey: !array,
          });
          if (stack.length > maxDepth) {
            done = true;
            return { field: fieldOf(stack), keyword: "depth", limit: maxDepth, node: undefined };
          }
        } else if (c === 44) {
          const top = stack[stack.length - 1];
          if (!top) continue;
          top.members++;
          top.expectKey = !top.array;
          if (top.members > top.bound) {
            done = true;
            return { field: fieldOf(stack), keyword: top.array ? "maxItems" : "maxProperties", limit: top.bound, node: top.node };
          }
        } else if (c === 93 || c === 125) {
          stack.pop();
        }
      }
      return undefined;
    };
  };
}

/** The same check on a whole text at once. */
export function jsonShapeCheck(schema: object, maxDepth: number): (text: string) => ShapeViolation | undefined {
  const scanner = jsonShapeScanner(schema, maxDepth);
  return (text) => scanner()(text);
}
