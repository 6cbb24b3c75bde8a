/**
 * Token probabilities in a cell's chat request (`logprobs: true,
 * top_logprobs: k`, the OpenAI fields): their bounds, checked before the
 * request leaves the kernel, and whether an answer carries them when they
 * were asked for. The fields themselves go to every backend unchanged; a
 * backend that ignores them answers without `logprobs`, which the router
 * turns into a `noLogprobs` problem instead of a `TypeError` later in the cell.
 *
 * @example
 * fieldProblem({ logprobs: true, top_logprobs: 21 }) // { field: "top_logprobs", message: "top_logprobs: must be a whole number from 0 to 20" }
 * lacksLogprobs({ logprobs: true }, { choices: [{ message: { content: "Hi" }, logprobs: null }] }) // true
 */

/** The most alternatives per token a request may ask for (OpenAI's bound, and this site's server's). */
const MAX_TOP_LOGPROBS = 20;

type Args = Record<string, unknown>;

/** A request field out of its bounds: the field's name, and the error the cell gets. */
export class RequestFieldError extends TypeError {
  override name = "RequestFieldError";
  readonly field: string;
  constructor(field: string, rule: string) {
    super(`${field}: ${rule}`);
    this.field = field;
  }
}

/** The backend answered without token probabilities although the request asked for them. */
export class NoLogprobsError extends Error {
  override name = "NoLogprobsError";
  constructor() {
    super("the answer carries no token probabilities (logprobs), although the request asked for them: this backend does not return them");
  }
}

const absent = (value: unknown) => value === undefined || value === null;

/** The first of the probability fields that is out of bounds, or undefined. */
export function fieldProblem(args: Args): RequestFieldError | undefined {
  const { logprobs, top_logprobs: top } = args;
  if (!absent(logprobs) && typeof logprobs !== "boolean") return new RequestFieldError("logprobs", "must be true or false");
  if (absent(top)) return undefined;
  if (typeof top !== "number" || !Number.isInteger(top) || top < 0 || top > MAX_TOP_LOGPROBS) {
    return new RequestFieldError("top_logprobs", `must be a whole number from 0 to ${MAX_TOP_LOGPROBS}`);
  }
  if (logprobs !== true) return new RequestFieldError("top_logprobs", "needs logprobs: true");
  return undefined;
}

function asksForLogprobs(args: Args): boolean {
  return args.logprobs === true;
}

interface Choice {
  message?: { content?: unknown };
  delta?: { content?: unknown };
  logprobs?: { content?: unknown } | null;
}

/**
 * Whether an answer (whole, or one streamed chunk) lacks the probabilities
 * the request asked for. Only a choice with text is judged: a stream's
 * first chunk (the role) and last (the finish reason) carry none anyway.
 */
export function lacksLogprobs(args: Args, answer: unknown): boolean {
  if (!asksForLogprobs(args)) return false;
  const choice = (answer as { choices?: Choice[] } | null | undefined)?.choices?.[0];
  if (!choice || typeof choice !== "object") return false;
  const text = choice.message?.content ?? choice.delta?.content;
  if (typeof text !== "string" || text === "") return false;
  return !Array.isArray(choice.logprobs?.content);
}

/** Whether a server's refusal is about the probability fields (a provider that does not take them). */
export function mentionsLogprobs(text: string | undefined): boolean {
  return !!text && /logprob/i.test(text);
}
