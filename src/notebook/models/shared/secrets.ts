/**
 * Hides secrets in text the reader sees: the reader's own token and key
 * (given as `known`), and anything shaped like a token — Hugging Face
 * tokens (`hf_…`), OpenAI-style keys (`sk-…`) and `Bearer` values. The
 * kernel passes every message to the page through `maskDeep`.
 *
 * @example
 * maskSecrets("Authorization: Bearer hf_abcdefghijklmnopqrstuv") // "Authorization: Bearer ••••••••"
 * maskSecrets("key=s3cret!", ["s3cret!"])                         // "key=••••••••"
 */

export const MASK = "••••••••";

const SHAPES: [RegExp, string][] = [
  [/(\bBearer\s+)(?![•[])[^\s"'`,;)}\]]{4,}/g, `$1${MASK}`],
  [/\bhf_[A-Za-z0-9]{20,}/g, `hf_${MASK}`],
  [/\bsk-[A-Za-z0-9_-]{16,}/g, `sk-${MASK}`],
];

/** The text with known secrets and token-shaped words replaced. */
export function maskSecrets(text: string, known: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of known) {
    // Short values would hide ordinary words; token shapes still apply to them.
    if (secret && secret.length >= 8 && out.includes(secret)) out = out.split(secret).join(MASK);
  }
  for (const [shape, replacement] of SHAPES) out = out.replace(shape, replacement);
  return out;
}

/** The token shapes again, with the part that stays shown (`Bearer `, `hf_`, `sk-`) as the first group. */
const SPAN_SHAPES = [/(\bBearer\s+)(?![•[])[^\s"'`,;)}\]]{4,}/g, /(\bhf_)[A-Za-z0-9]{20,}/g, /(\bsk-)[A-Za-z0-9_-]{16,}/g];

/** Where secrets are in `text`, as sorted, merged `[start, end)` ranges that are to be shown as one MASK each. */
export function secretSpans(text: string, known: readonly (string | undefined)[]): [number, number][] {
  const spans: [number, number][] = [];
  for (const secret of known) {
    if (!secret || secret.length < 8) continue;
    for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + secret.length)) spans.push([at, at + secret.length]);
  }
  for (const shape of SPAN_SHAPES) for (const match of text.matchAll(shape)) spans.push([match.index + match[1]!.length, match.index + match[0].length]);
  spans.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

/**
 * Pieces of text shown one after another (the writes of one run), masked
 * as if they were one text: a secret split over pieces becomes one MASK in
 * the piece where it starts, and its rest is taken out of the later pieces.
 * `crossed[i]` says whether piece i holds part of a secret that goes on
 * past it.
 *
 * @example
 * maskPieces(["token hf_AbCdEfGhIj", "KlMnOpQrStUvWx ok"]).texts // ["token hf_••••••••", " ok"]
 */
export function maskPieces(pieces: readonly string[], known: readonly (string | undefined)[] = []): { texts: string[]; crossed: boolean[] } {
  const joined = pieces.join("");
  const spans = secretSpans(joined, known);
  const texts: string[] = [];
  const crossed: boolean[] = [];
  let start = 0;
  for (const piece of pieces) {
    const end = start + piece.length;
    let text = "";
    let at = start;
    let across = false;
    for (const [a, b] of spans) {
      if (b <= start || a >= end) continue;
      if (a < start || b > end) across = true;
      text += joined.slice(at, Math.max(a, start)) + (a >= start ? MASK : "");
      at = Math.min(b, end);
    }
    texts.push(text + joined.slice(at, end));
    crossed.push(across);
    start = end;
  }
  return { texts, crossed };
}

/** A trailing `Bearer …`, `hf_…` or `sk-…` (it may go on in the next chunk), or a word that may begin one. */
const OPEN_TOKEN = /(?:^|[^A-Za-z0-9_])(Bearer\s+[^\s"'`,;)}\]]*|hf_[A-Za-z0-9]*|sk-[A-Za-z0-9_-]*)$/;
const OPEN_WORD = /(?:^|[^A-Za-z0-9_])([A-Za-z_-]{1,6}\s*)$/;
const TOKEN_STARTS = ["Bearer", "hf_", "sk-"];

/**
 * How many characters at the end of streamed text to hold back until more
 * arrives, so a secret written in two chunks is masked whole: the longest
 * end that begins a known secret or a token shape.
 *
 * @example
 * heldTail("token: hf_abc", [])      // 6
 * heldTail("key=s3cr", ["s3cret!!"]) // 4
 */
export function heldTail(text: string, known: readonly (string | undefined)[] = []): number {
  let hold = OPEN_TOKEN.exec(text)?.[1]?.length ?? 0;
  const word = hold === 0 ? OPEN_WORD.exec(text)?.[1] : undefined;
  if (word && TOKEN_STARTS.some((start) => (word.trimEnd() === word ? start.startsWith(word) : word.trimEnd() === "Bearer"))) hold = word.length;
  for (const secret of known) {
    if (!secret || secret.length < 8) continue;
    for (let k = Math.min(secret.length - 1, text.length); k > hold; k--) {
      if (text.endsWith(secret.slice(0, k))) {
        hold = k;
        break;
      }
    }
  }
  return hold;
}

/** The same value with every string inside plain objects and arrays masked (other objects pass as they are). */
export function maskDeep<T>(value: T, known: readonly (string | undefined)[] = []): T {
  const visit = (node: unknown): unknown => {
    if (typeof node === "string") return maskSecrets(node, known);
    if (Array.isArray(node)) return node.map(visit);
    if (node !== null && typeof node === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(node))) {
      const copy: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) copy[key] = visit(child);
      return copy;
    }
    return node;
  };
  return visit(value) as T;
}

/** A token for display: its kind and last four characters only, e.g. `hf_••••••••wxyz`. */
export function maskedToken(token: string): string {
  const prefix = /^(hf_|sk-)/.exec(token)?.[1] ?? "";
  return token.length >= 12 ? `${prefix}${MASK}${token.slice(-4)}` : `${prefix}${MASK}`;
}
