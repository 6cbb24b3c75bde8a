/**
 * Values for the page: the Node-style text of a value plus, for objects, a
 * handle to load its children on demand (so a large or circular object is
 * never copied whole to the page, and long arrays load 100 items at a time).
 *
 * @example
 * const refs = new ValueRefs();
 * const node = describe({ a: [1, 2] }, refs); // { type: "object", text: "{ a: [ 1, 2 ] }", ref: 1, ... }
 * expand(refs.get(1)!, 0, refs).entries[0]  // { key: "a", value: { type: "object", ... } }
 */
import { inspect } from "./formatValue.ts";
import type { Expansion, ValueNode } from "../protocol.ts";

const PAGE = 100;
const MAX_TEXT = 20_000;

/** Objects the page may ask to expand, by number. */
export class ValueRefs {
  private next = 1;
  private readonly objects = new Map<number, object>();

  add(value: object): number {
    const ref = this.next++;
    this.objects.set(ref, value);
    return ref;
  }

  get(ref: number): object | undefined {
    return this.objects.get(ref);
  }

  /** Forgets refs handed out from `from` on (the outputs of a cell that runs again). */
  release(refs: Iterable<number>): void {
    for (const ref of refs) this.objects.delete(ref);
  }
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

/** A one-line preview: the value's text at depth 0, on one line. */
function preview(value: object): string {
  return cut(inspect(value, { depth: 0, breakLength: Infinity, maxArrayLength: 10 }), 160);
}

export function describe(value: unknown, refs: ValueRefs, onRef?: (ref: number) => void): ValueNode {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return { type: "text", text: inspect(value) };
  if (typeof value === "function" && Object.keys(value).length === 0) return { type: "text", text: inspect(value) };
  const ref = refs.add(value);
  onRef?.(ref);
  return { type: "object", text: cut(inspect(value), MAX_TEXT), preview: preview(value), ref };
}

function child(value: unknown, refs: ValueRefs, onRef?: (ref: number) => void): ValueNode {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return { type: "text", text: inspect(value) };
  if (typeof value === "function" && Object.keys(value).length === 0) return { type: "text", text: inspect(value) };
  const ref = refs.add(value);
  onRef?.(ref);
  const text = preview(value);
  return { type: "object", text, preview: text, ref };
}

/** Children of an object from index `from`: items of arrays, sets and maps, then own properties. */
export function expand(value: object, from: number, refs: ValueRefs, onRef?: (ref: number) => void): Expansion {
  const all: [string, () => unknown][] = [];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) all.push([String(i), () => value[i]]);
  } else if (value instanceof Map) {
    for (const [k, v] of value) all.push([`${inspect(k, { depth: 0, breakLength: Infinity })} =>`, () => v]);
  } else if (value instanceof Set) {
    let i = 0;
    for (const v of value) all.push([String(i++), () => v]);
  }
  if (value instanceof Error) {
    all.push(["message", () => value.message]);
    if (value.stack) all.push(["stack", () => value.stack]);
    if ("cause" in value) all.push(["cause", () => value.cause]);
  }
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === "string" && Array.isArray(value) && /^(0|[1-9]\d*)$/.test(key)) continue;
    if (key === "length" && Array.isArray(value)) continue;
    if (value instanceof Error && (key === "stack" || key === "message" || key === "cause")) continue;
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (!descriptor || (!descriptor.enumerable && typeof value !== "function")) continue;
    if (typeof value === "function" && (key === "prototype" || key === "length" || key === "name" || !descriptor.enumerable)) continue;
    const label = typeof key === "symbol" ? key.toString() : key;
    if ("value" in descriptor) all.push([label, () => descriptor.value]);
    else all.push([label, () => (descriptor.get ? "[Getter]" : "[Setter]")]);
  }
  const proto = Object.getPrototypeOf(value);
  if (all.length === 0 && proto === null) all.push(["[[Prototype]]", () => null]);
  const slice = all.slice(from, from + PAGE);
  const entries = slice.map(([key, get]) => {
    let item: unknown;
    try {
      item = get();
    } catch (error) {
      item = error;
    }
    return { key, value: typeof item === "string" && key === "stack" ? { type: "text" as const, text: item } : child(item, refs, onRef) };
  });
  const next = from + PAGE < all.length ? from + PAGE : null;
  return { entries, next, total: all.length };
}
