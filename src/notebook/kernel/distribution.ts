/**
 * `display(entry)` for one token's probabilities: an OpenAI logprob entry
 * (`answer.choices[0].logprobs.content[i]`, `{ token, logprob,
 * top_logprobs: [{ token, logprob }] }`) becomes a `distribution` output
 * item, which the page draws as a bar chart. Anything else is not an entry
 * (undefined), and `display` shows it as it shows any value.
 *
 * The item carries at most `MAX_ALTERNATIVES` alternatives, most likely
 * first, and tokens of at most `MAX_TOKEN_CHARS` characters, so a hostile
 * or odd value cannot make a huge message.
 *
 * @example
 * distributionItem({ token: " the", logprob: -0.9, top_logprobs: [{ token: " the", logprob: -0.9 }, { token: " a", logprob: -1.6 }] })
 * // { kind: "distribution", chosen: { token: " the", logprob: -0.9 }, alternatives: [...], text: "\" the\" 40.7% (chosen), \" a\" 20.2%" }
 */
import type { OutputItem } from "../protocol.ts";

export const MAX_ALTERNATIVES = 20;
export const MAX_TOKEN_CHARS = 200;
/** More alternatives than this is not a logprob entry (OpenAI gives at most 20). */
const MAX_LISTED = 1000;
/** A logprob this far above 0 is rounding, not a mistake. */
const ROUNDING = 1e-6;

interface TokenLogprob {
  token: string;
  logprob: number;
}

type Distribution = Extract<OutputItem, { kind: "distribution" }>;

function own(value: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(value, key);
  return descriptor && "value" in descriptor ? descriptor.value : undefined;
}

/** `{ token, logprob }` with a string token and a log probability (≤ 0, -Infinity allowed), or undefined. Getters are not run. */
function tokenLogprob(value: unknown): TokenLogprob | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const token = own(value, "token");
  const logprob = own(value, "logprob");
  if (typeof token !== "string" || typeof logprob !== "number" || Number.isNaN(logprob) || logprob > ROUNDING) return undefined;
  const cut = token.length > MAX_TOKEN_CHARS ? `${token.slice(0, MAX_TOKEN_CHARS)}…` : token;
  return { token: cut, logprob: Math.min(0, logprob) };
}

export function distributionItem(value: unknown): Distribution | undefined {
  const chosen = tokenLogprob(value);
  if (!chosen) return undefined;
  const top = own(value as object, "top_logprobs");
  if (!Array.isArray(top) || top.length > MAX_LISTED) return undefined;
  const alternatives: TokenLogprob[] = [];
  for (let i = 0; i < top.length; i++) {
    const alternative = tokenLogprob(top[i]);
    if (!alternative) return undefined;
    alternatives.push(alternative);
  }
  alternatives.sort((a, b) => b.logprob - a.logprob);
  alternatives.length = Math.min(alternatives.length, MAX_ALTERNATIVES);
  return { kind: "distribution", chosen, alternatives, text: distributionText(chosen, alternatives) };
}

/** The chart as a line of text (for outputs read as text, and the Node comparison). */
function distributionText(chosen: TokenLogprob, alternatives: TokenLogprob[]): string {
  const percent = (logprob: number) => `${(Math.exp(logprob) * 100).toFixed(1)}%`;
  const listed = alternatives.some((a) => a.token === chosen.token);
  const rows = listed ? alternatives : [...alternatives, chosen];
  let marked = false;
  return rows
    .map((row) => {
      const isChosen = !marked && row.token === chosen.token;
      if (isChosen) marked = true;
      return `${JSON.stringify(row.token)} ${percent(row.logprob)}${isChosen ? " (chosen)" : ""}`;
    })
    .join(", ");
}
