/**
 * A chat request's size bounds, checked on its JSON text before it is
 * parsed. `JSON.parse` of a body with 100,000 members in one object, or
 * half a million nested brackets, holds the event loop for tens to hundreds
 * of milliseconds; this one pass stops at the first member past its bound.
 * The bounds are the request schema's own (`maxItems`, `maxProperties`,
 * followed through `properties`, `items`, `additionalProperties` and
 * `$ref`), so the answer is the one the schema would give after parsing;
 * a string far over its `maxLength` is refused here too.
 * Strings are skipped with `indexOf`; malformed text is left for the parser
 * to refuse.
 *
 * @example
 * const shape = jsonShapeCheck(chatCompletionBodySchema(), 40);
 * shape('{"messages":[],"stop":["a","b","c","d","e"]}') // { field: "stop", keyword: "maxItems", limit: 4, node }
 */

type SchemaNode = Record<string, unknown>;

/** The first bound a text goes past: its field (as error messages write it), the keyword, the limit and the schema node that sets it. */
export type ShapeViolation = { field: string; keyword: "maxLength" | "maxItems" | "maxProperties" | "depth"; limit: number; node: SchemaNode | undefined };

/** An open array or object: its schema node and bound, members so far, where it sits in its parent, and its last key's place in the text. */
type Frame = { node: SchemaNode | undefined; array: boolean; members: number; bound: number; index: number; keyStart: number; keyEnd: number; nameStart: number; nameEnd: number };

const QUOTE = 34;
/** Strings shorter than this are left to the schema: no `maxLength` in it is below 64 characters. */
const LONG_STRING = 6 * 64;
const BACKSLASH = 92;

/** The index just past the string whose opening quote is at `open`, or -1 when it never closes. */
function pastString(text: string, open: number): number {
  let at = open + 1;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote === -1) return -1;
    let slashes = 0;
    while (text.charCodeAt(quote - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

const asNode = (value: unknown): SchemaNode | undefined => (value !== null && typeof value === "object" ? (value as SchemaNode) : undefined);

/** A checker of JSON texts against `schema`'s item and property bounds, nesting at most `maxDepth`. */
export function jsonShapeCheck(schema: object, maxDepth: number): (text: string) => ShapeViolation | undefined {
  const root = schema as SchemaNode;
  const defs = asNode(root.$defs) ?? {};
  const resolve = (node: SchemaNode | undefined): SchemaNode | undefined => {
    const ref = node?.$ref;
    return typeof ref === "string" && ref.startsWith("#/$defs/") ? asNode(defs[ref.slice(8)]) : node;
  };
  /** The schema node of the value now being read in `parent`. */
  const childNode = (text: string, parent: Frame): SchemaNode | undefined => {
    if (parent.array) return resolve(asNode(parent.node?.items));
    const properties = asNode(parent.node?.properties);
    const key = properties && parent.keyStart !== -1 ? text.slice(parent.keyStart, parent.keyEnd) : undefined;
    return resolve(asNode(key !== undefined && Object.hasOwn(properties!, key) ? properties![key] : parent.node?.additionalProperties));
  };

  /** The field's name (`messages[0].content`), built only when a bound is passed. */
  const fieldOf = (text: string, stack: Frame[]) => {
    let name = "";
    for (let d = 1; d < stack.length; d++) {
      const frame = stack[d]!;
      name += stack[d - 1]!.array ? `[${frame.index}]` : `${name === "" ? "" : "."}${text.slice(frame.nameStart, Math.min(frame.nameEnd, frame.nameStart + 256))}`;
    }
    return name;
  };

  return (text) => {
    const stack: Frame[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        const end = pastString(text, i);
        if (end === -1) return undefined;
        const top = stack[stack.length - 1];
        // In an object, a string just after `{` or `,` is a key.
        if (top && !top.array && top.keyStart === -1) {
          top.keyStart = i + 1;
          top.keyEnd = end - 1;
        } else if (top && end - i - 2 > LONG_STRING) {
          // A long value: no character takes more than 6 in JSON text, so a text over 6 × maxLength is surely over.
          const node = childNode(text, top);
          const limit = Number(node?.maxLength ?? Infinity);
          if ((end - i - 2) / 6 > limit) {
            const container = fieldOf(text, stack);
            const own = top.array ? `[${top.members - 1}]` : `${container === "" ? "" : "."}${text.slice(top.keyStart, Math.min(top.keyEnd, top.keyStart + 256))}`;
            return { field: container + own, keyword: "maxLength", limit, node };
          }
        }
        i = end - 1;
      } else if (c === 91 || c === 123) {
        const parent = stack.length > 0 ? stack[stack.length - 1]! : undefined;
        const node = parent ? childNode(text, parent) : root;
        const array = c === 91;
        const bound = Number((array ? node?.maxItems : node?.maxProperties) ?? Infinity);
        stack.push({
          node,
          array,
          members: 1,
          bound,
          index: parent ? parent.members - 1 : 0,
          keyStart: -1,
          keyEnd: -1,
          nameStart: parent?.keyStart ?? 0,
          nameEnd: parent?.keyEnd ?? 0,
        });
        if (stack.length > maxDepth) return { field: fieldOf(text, stack) || "body", keyword: "depth", limit: maxDepth, node: undefined };
      } else if (c === 44) {
        const top = stack[stack.length - 1];
        if (!top) continue;
        top.members++;
        top.keyStart = -1;
        if (top.members > top.bound) return { field: fieldOf(text, stack) || "body", keyword: top.array ? "maxItems" : "maxProperties", limit: top.bound, node: top.node };
      } else if (c === 93 || c === 125) {
        stack.pop();
      }
    }
    return undefined;
  };
}
